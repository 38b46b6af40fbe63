// Shared UI state types for the attention views (the views themselves are listed in registry.ts).
import type { HeadChoice, ScoreSource } from './view-state';

export type ThemePref = 'auto' | 'light' | 'dark';

/** What the token heatmap colours: which matrix (layer + heads choice, rollout included) and which score of it. */
export interface HeatSettings {
  layer: number;
  heads: HeadChoice;
  source: ScoreSource;
}

/** Something a view can hand to the export buttons: an SVG snapshot of what it currently shows. */
export interface ViewExporter {
  /** What is shown, e.g. "head-view-layer-3" (the download name itself is lib/export exportFileName). */
  name: string;
  svg: () => SVGSVGElement | null;
}

export type ExportRef = { current: ViewExporter | null };

/** What the Copy button (and Ctrl/⌘+C in the panel) copies from a view: tab-separated values (lib/tsv). */
export interface ViewCopier {
  /** What is copied, in words for the confirmation ("the matrix of layer 4, head 2"). */
  what: string;
  tsv: () => string;
}

export type CopyRef = { current: ViewCopier | null };
