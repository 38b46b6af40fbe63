// The private channel between the content script (which owns the overlay's host element in the page) and the
// overlay frame (the extension page inside it). The content script creates a MessageChannel and, once the frame
// has loaded, transfers one port into it with postMessage to the frame's extension origin, together with the
// frame's one-time token; the frame keeps the first port that carries its own token and ignores every other
// message. Page scripts never hold either port (nor a reference to the frame's window: it is inside a closed
// shadow root). Only geometry, focus and theme travel here, never page text or scores. Pure: message shapes and
// their validation.

export type LinkDock = 'left' | 'right' | null;

/** From the overlay frame to the content script. */
export type FrameToHost =
  /** The frame holds its port and has drawn its header. */
  | { type: 'hello' }
  /** The free part of the title bar (frame px): the host lays its grab strip over it to drag the overlay. */
  | { type: 'grab-zone'; left: number; top: number; width: number; height: number }
  /** Dock to a side of the page (a column the page's content no longer uses), or float again (null). */
  | { type: 'dock'; side: LinkDock }
  /** Forget the remembered position and size; place the overlay beside the selection again. */
  | { type: 'reset' }
  /** The height (CSS px, the frame's own) at which the first chart is in sight. */
  | { type: 'want-height'; height: number }
  /** The theme the frame shows, so the frame around it matches. */
  | { type: 'theme'; theme: 'light' | 'dark' };

/** From the content script to the overlay frame. */
export type HostToFrame =
  /** Take the keyboard focus (the overlay just opened). */
  | { type: 'focus' }
  /** How the overlay sits now: docked side, and whether the user moved or resized it (a position to reset). */
  | { type: 'layout'; dock: LinkDock; custom: boolean }
  /**
   * The page's selection changed and the background has it (pinned mode). Only that: the frame asks the background
   * for the text (Firefox may have suspended the background page, which then could not push it to the frame).
   */
  | { type: 'selection' };

/** The envelope of the port hand-off. */
export const LINK_KIND = 'attention-lens/link';

export interface LinkOffer {
  kind: typeof LINK_KIND;
  token: string;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const dock = (v: unknown): v is LinkDock => v === 'left' || v === 'right' || v === null;

/** Is this message event's data the content script's offer for the frame with `token`? */
export function isLinkOffer(data: unknown, token: string): data is LinkOffer {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return d.kind === LINK_KIND && typeof d.token === 'string' && token.length > 0 && d.token === token;
}

/** A frame message, or null when `data` is not one (nothing else is acted on). */
export function parseFrameMessage(data: unknown): FrameToHost | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  switch (d.type) {
    case 'hello':
    case 'reset':
      return { type: d.type };
    case 'grab-zone':
      return num(d.left) && num(d.top) && num(d.width) && num(d.height) && d.width >= 0 && d.height >= 0 && d.width < 10_000 && d.height < 10_000
        ? { type: 'grab-zone', left: d.left, top: d.top, width: d.width, height: d.height }
        : null;
    case 'dock':
      return dock(d.side) ? { type: 'dock', side: d.side } : null;
    case 'want-height':
      return num(d.height) && d.height > 0 ? { type: 'want-height', height: d.height } : null;
    case 'theme':
      return d.theme === 'light' || d.theme === 'dark' ? { type: 'theme', theme: d.theme } : null;
    default:
      return null;
  }
}

/** A host message, or null. */
export function parseHostMessage(data: unknown): HostToFrame | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d.type === 'focus') return { type: 'focus' };
  if (d.type === 'selection') return { type: 'selection' };
  if (d.type === 'layout' && dock(d.dock) && typeof d.custom === 'boolean') return { type: 'layout', dock: d.dock, custom: d.custom };
  return null;
}
