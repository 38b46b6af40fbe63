// Every attention view, one entry each, in tab order. AttentionPanel draws the tabs, the shared controls and the
// active view from this list alone. To add a view: write a component that takes ViewProps (view-props.ts) in its
// own folder, with its stylesheet next to it (imported by the component), and add one entry here.
import type { ComponentType } from 'preact';
import type { AttentionResult } from '../shared/attention-result';
import type { ControlId } from './components/Controls';
import { hasQueryKeys } from './lib/attention-math';
import type { AttentionView } from './lib/view-model';
import type { ViewProps } from './view-props';
// The views, imported in tab order: each imports its own stylesheet, so this is also their order in the bundle.
import { TokenHeatmap } from './heatmap/TokenHeatmap';
import { HeadView } from './head-view/HeadView';
import { ModelView, prefetchModelView } from './model-view/ModelView';
import { HeadSummary } from './summary/HeadSummary';
import { NeuronView } from './neuron/NeuronView';
import { ProfileView } from './profile/ProfileView';
import { CompareView } from './compare/CompareView';
import type { MessageKey } from '../shared/i18n';

/** A shared control above the views (components/Controls.tsx renders them, always in this order). */
export type { ControlId };

export interface ViewEntry {
  /** Tab id: the tab's data-testid "tab-<id>", the panel's "panel-<id>" and data-tab, AttentionPanel's initialTab. */
  id: string;
  /** Tab label (a message key: src/shared/i18n.ts). */
  label: MessageKey;
  component: ComponentType<ViewProps>;
  /** Shared controls shown while this view is active; [] shows none. 'table' offers the view's table alternative (ViewProps.table). */
  controls: readonly ControlId[];
  /** Draws result.queries / result.keys: without them the view explains why it is empty and no controls are shown. */
  needsQK?: boolean;
  /** ViewProps.onOpenHead(layer, head) switches to this view (one entry at most). */
  opensHead?: boolean;
  /** Idle-time work after each new analysis or display transform, whichever tab is shown; returns a cancel function. */
  prefetch?: (view: AttentionView) => (() => void) | undefined;
  /** Needs ViewProps.compare (a surface that can run a second analysis): without it the tab is not offered. */
  needsCompare?: boolean;
}

export const VIEWS = [
  { id: 'tokens', label: 'tab_tokens', component: TokenHeatmap, controls: ['layer', 'heads', 'source', 'hideSpecial', 'wordMode', 'table'] },
  { id: 'head', label: 'tab_head_view', component: HeadView, controls: ['layer', 'heads', 'hideSpecial', 'wordMode', 'table'], opensHead: true },
  { id: 'model', label: 'tab_model_view', component: ModelView, controls: ['hideSpecial', 'wordMode', 'table'], prefetch: prefetchModelView },
  { id: 'heads', label: 'tab_heads', component: HeadSummary, controls: [] },
  { id: 'neuron', label: 'tab_neuron', component: NeuronView, controls: ['layer', 'table'], needsQK: true },
  // Two analyses: the surface runs B (src/app/useCompare.ts); a tab like the others, since every shared control it
  // uses (hide [CLS]/[SEP], words, table) means the same here, and A stays what the other tabs show.
  { id: 'compare', label: 'tab_compare', component: CompareView, controls: ['hideSpecial', 'wordMode', 'table'], needsCompare: true },
  { id: 'profile', label: 'tab_profile', component: ProfileView, controls: [] },
] as const satisfies readonly ViewEntry[];

export type TabId = (typeof VIEWS)[number]['id'];

/** The tab ViewProps.onOpenHead switches to (the entry with `opensHead`). */
export const HEAD_TAB = (VIEWS as readonly ViewEntry[]).find((v) => v.opensHead)?.id as TabId | undefined;

export function viewEntry(id: TabId): ViewEntry {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0];
}

/** The views a panel offers: every entry, less those needing what the surface does not provide (compare). */
export function offeredViews(hasCompare: boolean): readonly ViewEntry[] {
  return (VIEWS as readonly ViewEntry[]).filter((v) => hasCompare || !v.needsCompare);
}

/** The shared controls to show above a view for this result. */
export function controlsFor(entry: ViewEntry, result: AttentionResult): readonly ControlId[] {
  return entry.needsQK && !hasQueryKeys(result) ? [] : entry.controls;
}
