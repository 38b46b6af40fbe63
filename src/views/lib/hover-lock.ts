// Hovered vs locked item, shared by the views where the pointer (or keyboard cursor) previews an item and a click
// or Enter pins it: the head view (tokens), the large model-view map (cells) and the token heatmap (chosen token).
import { useMemo, useRef, useState } from 'preact/hooks';

export interface HoverLockOptions<T> {
  /** Equality used by `toggle` (default ===). */
  same?: (a: T, b: T) => boolean;
  /** While an item is locked, pointing at another item does not change `hover` (clearing it still does). */
  freezeHover?: boolean;
  /**
   * What Escape clears: 'any' (default) clears hover and lock when either is set; 'lock' clears the lock only.
   * With nothing to clear the key is left alone, so it still reaches the host (the overlay closes on Escape).
   */
  escapeClears?: 'any' | 'lock';
  /** Controlled lock: the owner keeps the locked item (pass `locked` and `onLockedChange` together). */
  locked?: T | null;
  onLockedChange?: (item: T | null) => void;
}

export interface HoverLock<T> {
  /** Item under the pointer or keyboard cursor. */
  hover: T | null;
  /** Item pinned by a click or Enter. */
  locked: T | null;
  /** What the view shows: the locked item, else the hovered one. */
  active: T | null;
  // The functions below keep their identity across renders and read the latest state.
  setHover: (item: T | null) => void;
  setLocked: (item: T | null) => void;
  /** Lock `item`, or unlock when it is the locked item. */
  toggle: (item: T) => void;
  /** Clear hover and lock. */
  clear: () => void;
  /** Escape handler: when there is something to clear, clears it and stops the event; returns whether it did. */
  escape: (e: KeyboardEvent) => boolean;
}

export function useHoverLock<T>(options: HoverLockOptions<T> = {}): HoverLock<T> {
  const [hover, setHoverState] = useState<T | null>(null);
  const [ownLocked, setOwnLocked] = useState<T | null>(null);
  const controlled = options.onLockedChange !== undefined;
  const locked = controlled ? (options.locked ?? null) : ownLocked;
  const live = useRef({ hover, locked, options });
  live.current = { hover, locked, options };

  const api = useMemo(() => {
    const setLocked = (item: T | null) => {
      const onChange = live.current.options.onLockedChange;
      if (onChange) onChange(item);
      else setOwnLocked(item);
    };
    const setHover = (item: T | null) => {
      if (item !== null && live.current.options.freezeHover && live.current.locked !== null) return;
      setHoverState(item);
    };
    const toggle = (item: T) => {
      const { locked: l, options: o } = live.current;
      const same = o.same ?? ((a: T, b: T) => a === b);
      setLocked(l !== null && same(l, item) ? null : item);
    };
    const clear = () => {
      setLocked(null);
      setHoverState(null);
    };
    const escape = (e: KeyboardEvent) => {
      const { hover: h, locked: l, options: o } = live.current;
      const lockOnly = o.escapeClears === 'lock';
      if (e.key !== 'Escape' || (l === null && (lockOnly || h === null))) return false;
      e.preventDefault();
      e.stopPropagation();
      if (lockOnly) setLocked(null);
      else clear();
      return true;
    };
    return { setHover, setLocked, toggle, clear, escape };
  }, []);

  return { hover, locked, active: locked ?? hover, ...api };
}
