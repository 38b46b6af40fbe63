// Pointer capture for the large map's drags and the minimap.

/** Keep getting a pointer's events while it drags outside (impossible for some synthetic events: then without). */
export function capture(e: PointerEvent): void {
  try {
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
  } catch {
    /* not an active pointer */
  }
}
