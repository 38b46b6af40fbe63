// Shared UI state types for the attention views (the views themselves are listed in registry.ts).
import type { HeadSel } from './lib/view-model';

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
