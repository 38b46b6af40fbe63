// Title bar shared by popup and overlay: product name and per-surface actions. Model, backend and
// token counts are shown by the panel itself, right above the views they describe. The overlay's title bar is
// also its drag handle (`draggable`: the overlay's host lays a grab strip over its free part) and shows a short
// status next to the name (`status`: pinned, pair).
import type { ComponentChildren } from 'preact';
import { t } from '../shared/i18n';

export function LensHeader(props: {
  children?: ComponentChildren;
  /** Short status shown after the product name (it shrinks first when the bar is narrow). */
  status?: ComponentChildren;
  /** One slim row (the overlay). */
  compact?: boolean;
  /** The bar drags its window (the overlay). */
  draggable?: boolean;
}) {
  return (
    <header class={`lens-header${props.compact ? ' lens-header-compact' : ''}${props.draggable ? ' lens-drag-handle' : ''}`}>
      <div class="lens-brand">
        <span class="lens-logo" aria-hidden="true" />
        <span class="lens-title">{t('app_name')}</span>
        {props.status}
      </div>
      <div class="lens-actions">{props.children}</div>
    </header>
  );
}
