// The one view state every surface shares (popup, overlay, side panel): which tab, layer and heads are shown,
// display transforms, edge threshold and theme. Kept across pinned follows, carried between surfaces and restored
// when a surface is reopened (src/app/view-state-store.ts keeps it in extension storage). Pure: normalising what
// storage returns, and clamping to a result with a note instead of silently resetting.
import type { ThemePref } from './types';
import { t } from '../shared/i18n';

/** Which heads a view shows: the one control that decides it (no second control can contradict it). */
export type HeadChoice =
  | { kind: 'mean' }
  | { kind: 'max' }
  /** Attention rollout (Abnar & Zuidema 2020) up to the chosen layer: heads averaged per layer. */
  | { kind: 'rollout' }
  | { kind: 'single'; head: number }
  /** Several heads: the head view draws them together; scores average them. */
  | { kind: 'several'; heads: number[] };

/** What the token heatmap colours: attention each token receives, or the [CLS] row. (A clicked token overrides.) */
export type ScoreSource = 'received' | 'cls';

export interface ViewState {
  /** Registry id of the shown view ("tokens", "head", …). */
  tab: string;
  /** 0-based layer. */
  layer: number;
  heads: HeadChoice;
  source: ScoreSource;
  hideSpecial: boolean;
  wordMode: boolean;
  /** Head view: share of each row's attention mass the drawn edges cover (0.05..1); null = automatic. */
  edgeMass: number | null;
  theme: ThemePref;
}

export const DEFAULT_VIEW_STATE: ViewState = {
  tab: 'tokens',
  layer: -1, // -1: the last layer of whatever model answers
  heads: { kind: 'mean' },
  source: 'received',
  hideSpecial: false,
  wordMode: false,
  edgeMass: null,
  theme: 'auto',
};

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

function normalizeHeads(raw: unknown): HeadChoice {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  switch (r.kind) {
    case 'max':
    case 'rollout':
    case 'mean':
      return { kind: r.kind };
    case 'single': {
      const head = int(r.head);
      return head !== null && head >= 0 ? { kind: 'single', head } : { kind: 'mean' };
    }
    case 'several': {
      const heads = Array.isArray(r.heads) ? [...new Set(r.heads.filter((h): h is number => int(h) !== null && (h as number) >= 0))].sort((a, b) => a - b) : [];
      if (heads.length === 0) return { kind: 'mean' };
      return heads.length === 1 ? { kind: 'single', head: heads[0] } : { kind: 'several', heads };
    }
    default:
      return { kind: 'mean' };
  }
}

/** Anything read from storage → a valid ViewState (unknown fields dropped, bad values replaced). Never throws. */
export function normalizeViewState(raw: unknown, knownTabs?: readonly string[]): ViewState {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const tab = typeof r.tab === 'string' && (!knownTabs || knownTabs.includes(r.tab)) ? r.tab : DEFAULT_VIEW_STATE.tab;
  const layer = int(r.layer);
  const mass = typeof r.edgeMass === 'number' && Number.isFinite(r.edgeMass) ? Math.min(1, Math.max(0.05, r.edgeMass)) : null;
  return {
    tab,
    layer: layer !== null && layer >= -1 ? layer : -1,
    heads: normalizeHeads(r.heads),
    source: r.source === 'cls' ? 'cls' : 'received',
    hideSpecial: r.hideSpecial === true,
    wordMode: r.wordMode === true,
    edgeMass: mass,
    theme: r.theme === 'light' || r.theme === 'dark' ? r.theme : 'auto',
  };
}

export interface ClampedViewState {
  /** The state as it applies to this result. */
  state: ViewState;
  /** What had to change, in words ("Layer 9 is not in this 4-layer model: showing layer 4."); empty when nothing. */
  notes: string[];
}

/**
 * The state applied to a result with `numLayers` × `numHeads`. Choices that do not exist for it are clamped and
 * named in a note — never silently reset. The stored state is not changed by this (a later, larger model gets the
 * user's choice back).
 */
export function clampViewState(s: ViewState, numLayers: number, numHeads: number, hasCls = true): ClampedViewState {
  const notes: string[] = [];
  let layer = s.layer < 0 ? numLayers - 1 : s.layer;
  if (layer > numLayers - 1) {
    notes.push(t('state_layer_missing', layer + 1, numLayers, numLayers));
    layer = numLayers - 1;
  }
  let heads = s.heads;
  if (heads.kind === 'single' && heads.head >= numHeads) {
    notes.push(t('state_head_missing', heads.head + 1, numHeads));
    heads = { kind: 'mean' };
  } else if (heads.kind === 'several') {
    const kept = heads.heads.filter((h) => h < numHeads);
    if (kept.length < heads.heads.length) {
      const dropped = heads.heads.filter((h) => h >= numHeads);
      notes.push(t(dropped.length > 1 ? 'state_heads_dropped' : 'state_one_head_dropped', headList(dropped), numHeads));
      heads = kept.length === 0 ? { kind: 'mean' } : kept.length === 1 ? { kind: 'single', head: kept[0] } : { kind: 'several', heads: kept };
    }
  }
  let source = s.source;
  if (source === 'cls' && !hasCls) {
    notes.push(t('state_no_cls'));
    source = 'received';
  }
  return { state: { ...s, layer, heads, source }, notes };
}

/** Heads a choice covers, as a mask over `numHeads` heads (rollout, mean and max cover all). */
export function headMask(choice: HeadChoice, numHeads: number): boolean[] {
  if (choice.kind === 'single') return Array.from({ length: numHeads }, (_, h) => h === choice.head);
  if (choice.kind === 'several') return Array.from({ length: numHeads }, (_, h) => choice.heads.includes(h));
  return Array<boolean>(numHeads).fill(true);
}

/** The choice a head mask stands for (all → mean, one → single, some → several, none → mean). */
export function choiceFromMask(mask: readonly boolean[]): HeadChoice {
  const on = mask.flatMap((v, h) => (v ? [h] : []));
  if (on.length === 0 || on.length === mask.length) return { kind: 'mean' };
  return on.length === 1 ? { kind: 'single', head: on[0] } : { kind: 'several', heads: on };
}

/** Show only head `head`. */
export function soloHead(head: number): HeadChoice {
  return { kind: 'single', head };
}

/**
 * Add head `head` to the choice, or take it out (shift/ctrl-click on a head swatch). Aggregates (mean, max,
 * rollout) cover every head, so toggling from them leaves the others; the last head is never taken out.
 */
export function toggleHead(choice: HeadChoice, head: number, numHeads: number): HeadChoice {
  const mask = headMask(choice, numHeads);
  if (head < 0 || head >= numHeads) return choice;
  mask[head] = !mask[head];
  return mask.some(Boolean) ? choiceFromMask(mask) : choice;
}

/** The same choice (heads compared as sets)? */
export function sameHeadChoice(a: HeadChoice, b: HeadChoice): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'single' && b.kind === 'single') return a.head === b.head;
  if (a.kind === 'several' && b.kind === 'several') return a.heads.length === b.heads.length && a.heads.every((h, k) => h === b.heads[k]);
  return true;
}

/** Heads as people count them: "1, 3 and 4". */
export function headList(heads: readonly number[]): string {
  const names = heads.map((h) => String(h + 1));
  return names.length > 1 ? t('list_and', names.slice(0, -1).join(t('list_separator')), names[names.length - 1]) : (names[0] ?? '');
}

/** The choice in words, e.g. "mean over heads", "head 3", "mean of heads 1 and 3", "rollout over layers 1–4". */
export function headChoiceLabel(choice: HeadChoice, layer?: number): string {
  switch (choice.kind) {
    case 'single':
      return t('choice_head', choice.head + 1);
    case 'several':
      return t('choice_several', headList(choice.heads));
    case 'max':
      return t('choice_max');
    case 'rollout':
      return layer === undefined ? t('choice_rollout') : t('choice_rollout_layers', layer + 1);
    default:
      return t('choice_mean');
  }
}
