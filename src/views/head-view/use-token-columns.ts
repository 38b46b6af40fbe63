// The head view's two token columns: hover / lock through the shared hover-lock hook, a roving keyboard cursor per
// column, stable handlers for the pure TokenColumn components, and focus highlighting applied straight to the DOM
// (the columns themselves do not re-render on hover).
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useHoverLock } from '../lib/hover-lock';
import type { HeadFocus } from './lines';

type Side = 'from' | 'to';
type Token = NonNullable<HeadFocus>;

const sameToken = (a: Token, b: Token) => a.side === b.side && a.index === b.index;

export function useTokenColumns(n: number, onHoverToken?: (index: number | null) => void) {
  const focus = useHoverLock<Token>({ same: sameToken, freezeHover: true });
  const [cursor, setCursor] = useState({ from: 0, to: 0 });
  const leftCol = useRef<HTMLDivElement>(null);
  const rightCol = useRef<HTMLDivElement>(null);
  const live = useRef({ cursor, n, onHoverToken });
  live.current = { cursor, n, onHoverToken };
  // useHoverLock's functions keep their identity, so everything built on them below does too.
  const { toggle, clear, setHover: setFocusHover } = focus;
  /** Hover a token (or none) and tell the panel which one (the page highlights it). */
  const setHover = useCallback(
    (t: Token | null) => {
      setFocusHover(t);
      live.current.onHoverToken?.(t ? t.index : null);
    },
    [setFocusHover],
  );

  const handlers = useMemo(
    () => ({
      onEnter: (side: Side, index: number) => setHover({ side, index }),
      onPick: (side: Side, index: number) => {
        setCursor({ ...live.current.cursor, [side]: index });
        toggle({ side, index });
      },
      onKey: (side: Side, e: KeyboardEvent) => {
        const { cursor: c, n: count } = live.current;
        const cur = c[side];
        let next = -1;
        if (e.key === 'ArrowDown') next = Math.min(count - 1, cur + 1);
        else if (e.key === 'ArrowUp') next = Math.max(0, cur - 1);
        else if (e.key === 'Home') next = 0;
        else if (e.key === 'End') next = count - 1;
        else if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          toggle({ side, index: cur });
          return;
        }
        if (next >= 0) {
          e.preventDefault();
          setCursor({ ...c, [side]: next });
          setHover({ side, index: next });
          const el = (side === 'from' ? leftCol : rightCol).current?.children[next] as HTMLElement | undefined;
          el?.focus({ preventScroll: true });
          el?.scrollIntoView({ block: 'nearest' });
        }
      },
    }),
    [setHover, toggle],
  );
  /** Forget focus and cursor (the token set changed). */
  const reset = useCallback(() => {
    clear();
    setCursor({ from: 0, to: 0 });
  }, [clear]);
  return { focus: { ...focus, setHover }, cursor, leftCol, rightCol, handlers, reset };
}

/** Mark the focused label "is-focus" and the labels its drawn edges touch "is-touched" (others are dimmed by CSS). */
export function useTokenMarks(
  cols: { leftCol: { current: HTMLDivElement | null }; rightCol: { current: HTMLDivElement | null } },
  focus: HeadFocus,
  touched: { left: Uint8Array; right: Uint8Array } | null,
  n: number,
) {
  const marked = useRef<Element[]>([]);
  const { leftCol, rightCol } = cols;
  // Keyed on the focused token's side and index, not on the `focus` object (a new one on every hover event).
  const side = focus?.side;
  const index = focus?.index;
  useLayoutEffect(() => {
    for (const el of marked.current) el.classList.remove('is-focus', 'is-touched');
    marked.current = [];
    if (side === undefined || index === undefined || !touched) return;
    const mark = (col: HTMLDivElement | null, k: number, cls: string) => {
      const el = col?.children[k];
      if (el) {
        el.classList.add(cls);
        marked.current.push(el);
      }
    };
    for (let k = 0; k < n; k++) {
      if (touched.left[k]) mark(leftCol.current, k, 'is-touched');
      if (touched.right[k]) mark(rightCol.current, k, 'is-touched');
    }
    mark(side === 'from' ? leftCol.current : rightCol.current, index, 'is-focus');
  }, [side, index, touched, n, leftCol, rightCol]);
}
