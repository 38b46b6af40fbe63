// What the overlay remembers between openings (extension storage.local, which page scripts cannot read): where
// the user moved it and how large they made it, and whether it is docked to a side of the page.
import { getItem, removeItem, setItem } from '../platform/storage';
import type { DockSide, OverlayRect } from './overlay-placement';

export const OVERLAY_GEOMETRY_KEY = 'overlayGeometry';

export interface OverlayMemory {
  /** The user's own floating rectangle (viewport px); null: placed beside the selection. */
  rect: OverlayRect | null;
  dock: DockSide | null;
  /** Width of the docked column. */
  dockWidth: number | null;
}

export const EMPTY_MEMORY: OverlayMemory = { rect: null, dock: null, dockWidth: null };

const pos = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 100_000;

/** Anything storage returns → a valid memory (bad parts dropped). */
export function normalizeMemory(raw: unknown): OverlayMemory {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const rr = (typeof r.rect === 'object' && r.rect !== null ? r.rect : {}) as Record<string, unknown>;
  const rect =
    pos(rr.left) && pos(rr.top) && pos(rr.width) && pos(rr.height) && rr.width > 0 && rr.height > 0
      ? { left: rr.left, top: rr.top, width: rr.width, height: rr.height }
      : null;
  return {
    rect,
    dock: r.dock === 'left' || r.dock === 'right' ? r.dock : null,
    dockWidth: pos(r.dockWidth) && r.dockWidth > 0 ? r.dockWidth : null,
  };
}

export async function loadMemory(): Promise<OverlayMemory> {
  try {
    return normalizeMemory(await getItem('local', OVERLAY_GEOMETRY_KEY));
  } catch {
    return EMPTY_MEMORY; // the extension was reloaded under the page, or storage is unavailable
  }
}

export async function saveMemory(m: OverlayMemory): Promise<void> {
  try {
    if (!m.rect && !m.dock && !m.dockWidth) await removeItem('local', OVERLAY_GEOMETRY_KEY);
    else await setItem('local', OVERLAY_GEOMETRY_KEY, m);
  } catch {
    /* not remembered this time */
  }
}
