// Compare mode in the app shell: which B the user chose (an edited copy of the text, another text, this text under
// another model, or the masked input of a probe), the run of B and the pair the Compare tab draws. The runner does
// the analysis (the engine in the extension: LensResult.tsx; synthetic data in the views harness).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import type { CompareModel, CompareProps, CompareRequest, CompareRun, CompareSource } from '../views/research';
import { t } from '../shared/i18n';

export interface CompareRunner {
  /** Analyse B; `onStage` reports what the engine is doing (a model load) in words. */
  run(request: CompareRequest, onStage?: (stage: string) => void): Promise<AttentionResult>;
  /** Models B can run with, other than A's. */
  models?(): Promise<CompareModel[]>;
}

const NONE: CompareRun = { kind: 'none' };

/** How B is named next to A. */
export function requestLabel(request: CompareRequest, models: readonly CompareModel[]): string {
  if (request.kind !== 'model') return request.kind === 'edit' ? t('app_cmp_edited_copy') : t('app_cmp_other_text');
  const key = request.model;
  return models.find((m) => m.key === key)?.label ?? key;
}

export function useCompare(original: AttentionResult, runner: CompareRunner, masked: AttentionResult | null): CompareProps {
  const [source, setSource] = useState<CompareSource>('edit');
  const [run, setRun] = useState<{ for: AttentionResult; run: CompareRun }>({ for: original, run: NONE });
  const [models, setModels] = useState<CompareModel[]>([]);
  const runnerRef = useRef(runner);
  runnerRef.current = runner;
  const seq = useRef(0);
  const current = run.for === original ? run.run : NONE;

  useEffect(() => {
    let live = true;
    void runnerRef.current.models?.().then(
      (m) => live && setModels(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [original.modelId]);
  // A new analysis: any running B is for the old one.
  useEffect(() => {
    seq.current++;
  }, [original]);
  // The masked input went away (cleared, new analysis): nothing to compare it with.
  useEffect(() => {
    if (source === 'masked' && !masked) setSource('edit');
  }, [masked, source]);

  return useMemo<CompareProps>(() => {
    const fromSource = (r: CompareRun) => r.kind !== 'none' && (source === 'model' ? r.request.kind === 'model' : r.request.kind === source);
    const shownRun = fromSource(current) ? current : NONE;
    const pair =
      source === 'masked'
        ? masked && { a: original, b: masked, labelA: t('app_cmp_original_input'), labelB: t('app_cmp_masked_input') }
        : shownRun.kind === 'done'
          ? {
              a: original,
              b: shownRun.result,
              labelA: source === 'model' ? original.modelId : t('app_cmp_this_text'),
              labelB: requestLabel(shownRun.request, models),
            }
          : null;
    return {
      a: original,
      source,
      onSource: setSource,
      onRun: (request) => {
        const id = ++seq.current;
        const forResult = original;
        setRun({ for: forResult, run: { kind: 'working', request } });
        runnerRef.current
          .run(request, (stage) => id === seq.current && setRun({ for: forResult, run: { kind: 'working', request, stage } }))
          .then(
            (result) => id === seq.current && setRun({ for: forResult, run: { kind: 'done', request, result } }),
            (err: unknown) =>
              id === seq.current && setRun({ for: forResult, run: { kind: 'error', request, message: err instanceof Error ? err.message : String(err) } }),
          );
      },
      run: shownRun,
      pair: pair || null,
      models,
      hasMasked: masked !== null,
    };
  }, [original, source, current, masked, models]);
}
