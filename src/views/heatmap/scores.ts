// Per-token scores shown by the token heatmap, and a human caption for them.
import { attentionFrom, attentionReceived, rolloutReceived, rolloutRow } from '../lib/attention-math';
import { choiceMatrix, headSelOf, type AttentionView } from '../lib/view-model';
import type { HeatSettings } from '../types';
import { headChoiceLabel } from '../view-state';
import { t } from '../../shared/i18n';

export interface HeatScores {
  scores: Float32Array;
  /** Top of the colour scale: the largest score of a word token (specials can sink most of the attention). */
  max: number;
  /** Special tokens scoring above `max` (drawn in the top colour), e.g. "[CLS]·0 0.594"; empty when none. */
  beyondScale: string[];
  /** What the colours mean, e.g. "Attention from “fox·4”". */
  source: string;
  /** Which matrix, e.g. "Layer 2 · mean over heads". */
  matrix: string;
}

/** The matrix as a file-name part, in any language: "layer-2-head-3", "rollout-layers-1-3". */
export function matrixSlug(layer: number, heads: HeatSettings['heads']): string {
  if (heads.kind === 'rollout') return `rollout-layers-1-${layer + 1}`;
  const h =
    heads.kind === 'single'
      ? `head-${heads.head + 1}`
      : heads.kind === 'several'
        ? `mean-of-heads-${heads.heads.map((x) => x + 1).join('-')}`
        : `${heads.kind}-over-heads`;
  return `layer-${layer + 1}-${h}`;
}

/** Which matrix the heads choice stands for, in words: "Layer 2 · head 3", "Rollout · layers 1–3". */
export function matrixLabel(layer: number, heads: HeatSettings['heads']): string {
  return heads.kind === 'rollout' ? t('matrix_rollout', layer + 1) : t('matrix_layer', layer + 1, headChoiceLabel(heads));
}

export function computeHeatScores(view: AttentionView, s: HeatSettings, focus: number | null): HeatScores {
  const n = view.n;
  let scores: Float32Array;
  let source: string;
  const rollout = s.heads.kind === 'rollout';
  const label = matrixLabel(s.layer, s.heads);
  if (n === 0) return { scores: new Float32Array(0), max: 0, beyondScale: [], source: t('heat_no_tokens'), matrix: label };
  const matrix = () => choiceMatrix(view, s.layer, s.heads);
  // Rollout without display transforms: one row / the column means by vector products, O(L·n²).
  const fastRollout = rollout && view.identity;
  if (focus !== null && focus >= 0 && focus < n) {
    scores = fastRollout ? rolloutRow(view.result, focus, s.layer) : attentionFrom(matrix(), n, focus);
    source = t('heat_from_token', view.tokens[focus].name);
  } else if (s.source === 'cls') {
    const row = view.clsRow(s.layer, rollout ? 'rollout' : headSelOf(s.heads));
    scores = row ?? attentionReceived(matrix(), n);
    source = row ? t('heat_from_cls') : t('heat_received_mean');
  } else {
    scores = fastRollout ? rolloutReceived(view.result, s.layer) : attentionReceived(matrix(), n);
    source = t('heat_received_mean');
  }
  const { max, beyondScale } = colourScale(scores, view.tokens);
  return { scores, max, beyondScale, source, matrix: label };
}

/**
 * The colour scale runs to the largest word-token score: [CLS]/[SEP] often take most of the attention (a
 * "sink"), and scaling to them would leave every word nearly white. Specials above it are named instead.
 * Without word tokens, or when they hold the maximum, the scale runs to the overall maximum.
 */
export function colourScale(scores: Float32Array, tokens: ReadonlyArray<{ special: boolean; name: string }>): { max: number; beyondScale: string[] } {
  let all = 0;
  let words = 0;
  let hasWords = false;
  for (let k = 0; k < scores.length; k++) {
    all = Math.max(all, scores[k]);
    if (!tokens[k]?.special) {
      hasWords = true;
      words = Math.max(words, scores[k]);
    }
  }
  if (!hasWords || words <= 0 || words >= all) return { max: all, beyondScale: [] };
  const beyondScale: string[] = [];
  for (let k = 0; k < scores.length; k++) if (tokens[k]?.special && scores[k] > words) beyondScale.push(`${tokens[k].name} ${scores[k].toFixed(3)}`);
  return { max: words, beyondScale };
}
