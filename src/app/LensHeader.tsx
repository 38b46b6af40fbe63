// Title bar shared by popup and overlay: product name and per-surface actions. Model, backend and
// token counts are shown by the panel itself, right above the views they describe.
import type { ComponentChildren } from 'preact';

export function LensHeader(props: { children?: ComponentChildren }) {
  return (
    <header class="lens-header">
      <div class="lens-brand">
        <span class="lens-logo" aria-hidden="true" />
        <span class="lens-title">Attention Lens</span>
      </div>
      <div class="lens-actions">{props.children}</div>
    </header>
  );
}
