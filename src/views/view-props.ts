// The one props type every attention view takes (AttentionPanel builds it once per render and hands it to the
// active registry entry's component). Tensor shapes: L = numLayers, H = numHeads, n₀ = result.seqLen tokens as
// the model saw them, n = view.n tokens after the display transforms, d = result.headDim. Matrices are
// Float32Array, row-major, index [i][j] at i·n + j (rows = the attending token, "from"/query; columns = the
// attended token, "to"/key).
import type { AttentionResult } from '../shared/attention-result';
import type { HeatScores } from './heatmap/scores';
import type { ResolvedTheme } from './lib/colors';
import type { AttentionView } from './lib/view-model';
import type { CompareProps, MaskAction } from './research';
import type { CopyRef, ExportRef } from './types';
import type { HeadChoice, ScoreSource } from './view-state';

export interface ViewProps {
  // ------------------------------------------------------------------ data
  /**
   * The analysis as the engine returned it (original token space, n₀ tokens):
   *   result.attentions: Float32Array[]  // per layer [head][query][key], row-major, H·n₀·n₀; each row sums to 1
   *   result.queries?:   Float32Array  // [layer][head][token][dim], row-major, L·H·n₀·d; absent unless q/k were captured
   *   result.keys?:      Float32Array  // [layer][head][token][dim], row-major, L·H·n₀·d (k, not kᵀ); absent with queries
   *   result.tokens:     TokenInfo[]   // [token], n₀: vocabulary text, character span, special, word, segment (0 = A, 1 = B)
   * Views that need queries/keys say so in their registry entry (`needsQK`).
   */
  result: AttentionResult;
  /**
   * `result` after the display transforms chosen in the shared controls (hide [CLS]/[SEP], merge word pieces);
   * read every matrix through it so the transforms apply everywhere (lazy, cached):
   *   view.tokens:              ViewToken[]   // [token], n: labels, name ("to·17", text·position), members (original indices), special, segment
   *   view.head(l, h):          Float32Array  // [query][key], n·n, one head; rows sum to 1 (renormalised when specials are hidden)
   *   view.layerMatrix(l, sel): Float32Array  // [query][key], n·n, mean / max over heads, one head, or the mean of several (sel)
   *   view.rollout(l):          Float32Array  // [query][key], n·n, attention rollout over layers 0..l (residual ½)
   *   choiceMatrix(view, l, heads): Float32Array  // (lib/view-model) the matrix a HeadChoice stands for, rollout included
   *   view.clsRow(l, sel):      Float32Array | null  // [key], n, attention from the first [CLS]-like token (sel 'rollout': its rollout row)
   *   view.viewIndexOf:         Int32Array    // [original token], n₀ → view index, −1 when hidden
   */
  view: AttentionView;
  /**
   * The token heatmap's scores for the shared settings. Computed by the panel whatever the tab, because the page's
   * inline highlight shows them too:
   *   heat.scores: Float32Array  // [token], n, ≥ 0: attention from `focus` (a row), from [CLS], or received (column means)
   *   heat.max:    number        // top of the colour scale (largest word-token score)
   */
  heat: HeatScores;

  // ------------------------------------------------------------------ shared view state (clamped to the result)
  /** 0-based layer, < L ("Layer" control). */
  layer: number;
  /**
   * Which heads, the one choice every view follows ("Heads" control, the head view's swatches, the neuron view's
   * head): mean / max over heads, rollout up to the layer, one head, or several (their mean).
   */
  heads: HeadChoice;
  onHeads: (heads: HeadChoice) => void;
  /** What the token heatmap colours when no token is chosen: attention received, or attention from [CLS]. */
  source: ScoreSource;
  /** Head view: share of each row's mass the drawn edges cover; null = automatic. */
  edgeMass: number | null;
  onEdgeMass: (mass: number | null) => void;
  /** View token index (< n) chosen in the heatmap, or null: the panel keeps it across display transforms. */
  focus: number | null;
  onFocusToken: (index: number | null) => void;
  /** Show one head in the view whose registry entry has `opensHead` (sets layer, solos the head, moves focus there). */
  onOpenHead: (layer: number, head: number) => void;
  /** The pointer or keyboard is on a token (view index), or left it (null): the panel tells the surface (page highlight). */
  onHoverToken: (index: number | null) => void;
  /** Show the view's table alternative instead of its chart ("Table" control; views whose entry lists 'table'). */
  table: boolean;

  // ------------------------------------------------------------------ presentation
  theme: ResolvedTheme;
  /** Tighter layout for the ~520 px overlay. */
  compact?: boolean;
  /** The view sets `exportRef.current` (in an effect) to what the PNG / SVG export buttons draw; the panel clears it on tab change. */
  exportRef: ExportRef;
  /**
   * The view sets `copyRef.current` (in an effect) to what the Copy button and Ctrl/⌘+C in the chart copy as TSV
   * (lib/tsv: tokens named text·position in the first row and column); null = nothing; cleared on tab change.
   */
  copyRef: CopyRef;

  // ------------------------------------------------------------------ research tools (absent without a surface that runs analyses)
  /** Masked-token probing: the token heatmap offers to mask its chosen token (research.ts MaskAction). */
  mask?: MaskAction;
  /** Compare mode: B, the pair and how to run B (the Compare tab; research.ts CompareProps). */
  compare?: CompareProps;
}
