// Shared UI state types for the attention views.
import type { HeadSel } from './lib/view-model';

export type TabId = 'tokens' | 'head' | 'model' | 'heads' | 'neuron';
export type ThemePref = 'auto' | 'light' | 'dark';
/** How the heatmap score is built: one layer's matrix (heads per HeadSel), rollout up to the layer, or the [CLS] row. */
export type AggregateMode = 'layer' | 'rollout' | 'cls';

export interface HeatSettings {
  layer: number;
  headSel: HeadSel;
  aggregate: AggregateMode;
}

/** Something a view can hand to the export buttons: an SVG snapshot of what it currently shows. */
export interface ViewExporter {
  /** File name stem, e.g. "head-view-layer-3". */
  name: string;
  svg: () => SVGSVGElement | null;
}

export type ExportRef = { current: ViewExporter | null };

export const TAB_LABELS: Record<TabId, string> = {
  tokens: 'Tokens',
  head: 'Head view',
  model: 'Model view',
  heads: 'Heads',
  neuron: 'Neuron',
};
