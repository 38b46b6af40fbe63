// A docked overlay reserves a column at one side of the page: the root element gets a margin on that side (with
// !important, so the page's own rules do not undo it), and the page's content reflows into the rest. Removing the
// dock puts back whatever inline margin the page had.
import type { DockSide } from './overlay-placement';

let reserved: { prop: string; value: string; priority: string } | null = null;

/** Reserves `width` px at `side` of the page (replacing an earlier reservation). */
export function reserveColumn(side: DockSide, width: number): void {
  const style = document.documentElement.style;
  const prop = `margin-${side}`;
  if (reserved && reserved.prop !== prop) releaseColumn();
  if (!reserved) reserved = { prop, value: style.getPropertyValue(prop), priority: style.getPropertyPriority(prop) };
  style.setProperty(prop, `${Math.round(width)}px`, 'important');
}

/** Gives the column back to the page. */
export function releaseColumn(): void {
  if (!reserved) return;
  const style = document.documentElement.style;
  if (reserved.value) style.setProperty(reserved.prop, reserved.value, reserved.priority);
  else style.removeProperty(reserved.prop);
  reserved = null;
}
