// The engine behind the research tools: a masked re-run of the analysed text (same sentence pair, same model), and
// compare mode's B (an edited copy, another text, or this text under another model: the engine holds one model at a
// time, so B with another model loads it, and the next analysis loads the user's model again).
import { listStoredModels } from '../hub/store';
import { sendMessage } from '../platform/messaging';
import type { AttentionResult } from '../shared/attention-result';
import type { AnalyzeOptions } from '../shared/protocol';
import { choiceLabel, DEFAULT_MODEL, type ModelChoice } from '../shared/model-choice';
import type { CompareModel } from '../views/research';
import { analyze } from './engine-client';
import { engineSpecOf } from './settings';
import { loadSettings } from './settings-store';
import { stageText } from './stage-text';
import type { CompareRunner } from './useCompare';
import type { ProbeRunner } from './useProbe';
import { t } from '../shared/i18n';

/** Where sentence B starts in the analysed text (the first segment-1 token), so a re-run splits the same way. */
export function pairSplitOf(r: AttentionResult): number | undefined {
  const first = r.tokens.find((t) => t.segment === 1 && !t.special && t.span);
  return first?.span?.[0];
}

/** Options that make a re-run of `r`'s text see the same tokens: the same sentence pair, the same window of a long text. */
export function sameInputOptions(r: AttentionResult): AnalyzeOptions {
  const pairSplit = pairSplitOf(r);
  return { ...(pairSplit !== undefined ? { pairSplit } : {}), ...(r.windows ? { window: r.windows.index, summaries: false } : {}) };
}

const choiceKey = (c: ModelChoice) => JSON.stringify([c.source, c.id, c.source === 'hub' ? c.variant : '']);

/** The built-in model and every complete Hub download for the user's host, except the user's model (A's). */
async function otherModels(): Promise<{ key: string; label: string; choice: ModelChoice }[]> {
  const settings = await loadSettings();
  const stored = await listStoredModels().catch(() => []);
  const choices: ModelChoice[] = [
    DEFAULT_MODEL,
    ...stored
      .filter((m) => m.complete && m.hubHost === settings.hubHost)
      .map((m): ModelChoice => ({ id: m.id, source: 'hub', variant: m.variant, revision: 'main' })),
  ];
  const mine = choiceKey(settings.model);
  const seen = new Set<string>([mine]);
  return choices.flatMap((c) => {
    const key = choiceKey(c);
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ key, label: c.source === 'bundled' ? t('app_model_builtin', choiceLabel(c)) : choiceLabel(c), choice: c }];
  });
}

export function engineProbeRunner(original: AttentionResult): ProbeRunner {
  return {
    mask: async (positions) => (await analyze(original.text, { withQK: true, mask: positions, ...sameInputOptions(original) })).value,
    async canMask() {
      const told = (original as AttentionResult & { canMask?: boolean }).canMask;
      if (told !== undefined) return { canMask: told, ...(told ? {} : { reason: noHeadReason(original.modelId) }) };
      const settings = await loadSettings();
      if (settings.model.id !== original.modelId) return { canMask: null };
      // The model is loaded (it just answered): its status costs nothing.
      const res = await sendMessage({ target: 'background', type: 'engine/ensure', backend: settings.backend, model: engineSpecOf(settings) });
      if (!res?.ok || res.value.canMask === undefined) return { canMask: null };
      return res.value.canMask ? { canMask: true } : { canMask: false, reason: noHeadReason(res.value.modelId) };
    },
  };
}

export function noHeadReason(modelId: string): string {
  return t('app_no_mlm_head', modelId);
}

export function engineCompareRunner(original: AttentionResult): CompareRunner {
  let models: Promise<{ key: string; label: string; choice: ModelChoice }[]> | null = null;
  const list = () => (models ??= otherModels().catch(() => []));
  return {
    async run(request, onStage) {
      const progress = (p: Parameters<typeof stageText>[0]) => onStage?.(stageText(p));
      if (request.kind !== 'model') return (await analyze(request.text, { withQK: false }, progress)).value;
      const found = (await list()).find((m) => m.key === request.model);
      if (!found) throw new Error(t('app_model_gone'));
      const settings = await loadSettings();
      const model = { ...engineSpecOf(settings), model: found.choice };
      return (await analyze(original.text, { withQK: false, model, ...sameInputOptions(original) }, progress)).value;
    },
    models: async (): Promise<CompareModel[]> => (await list()).map(({ key, label }) => ({ key, label })),
  };
}
