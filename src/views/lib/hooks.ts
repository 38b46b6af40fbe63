// Small DOM hooks: element width, resolved colour scheme.
import { useContext, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { createContext, type RefObject } from 'preact';
import type { ResolvedTheme } from './colors';
import type { ThemePref } from '../types';

/**
 * Width of an element's content box, tracked with ResizeObserver. Observes whichever element `ref` holds after
 * each commit: it starts over when that element changes (the effect compares elements itself rather than listing
 * `ref.current` as a dependency, which is read during render and so lags one commit behind).
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback = 600): number {
  const [width, setWidth] = useState(fallback);
  const observed = useRef<{ el: HTMLElement | null; stop?: () => void }>({ el: null });
  // eslint-disable-next-line react-hooks/exhaustive-deps -- no list on purpose: it runs after every commit to notice a new element in `ref` (the ref object stays, its element can change); it returns before setWidth unless the element changed, so it cannot loop
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === observed.current.el) return;
    observed.current.stop?.();
    observed.current = { el };
    if (!el) return;
    setWidth(Math.round(el.clientWidth) || fallback);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth((prev) => (Math.abs(prev - w) >= 1 ? w : prev));
    });
    ro.observe(el);
    observed.current.stop = () => ro.disconnect();
  });
  useLayoutEffect(() => () => observed.current.stop?.(), []);
  return width;
}

/** Content width of the panel body, measured once by AttentionPanel so tab switches never force a layout. */
export const PanelWidth = createContext<number | null>(null);
const NO_REF: RefObject<HTMLElement | null> = { current: null };

/** Width available to a view: the panel's measured width, or the element's own when used standalone. */
export function useViewWidth(ref: RefObject<HTMLElement | null>, fallback = 600): number {
  const panel = useContext(PanelWidth);
  const own = useElementWidth(panel === null ? ref : NO_REF, fallback);
  return panel ?? own;
}

function systemTheme(): ResolvedTheme {
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Resolve auto/light/dark against prefers-color-scheme, following system changes live. */
export function useResolvedTheme(pref: ThemePref): ResolvedTheme {
  const [system, setSystem] = useState<ResolvedTheme>(systemTheme);
  useEffect(() => {
    if (typeof matchMedia === 'undefined') return;
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => setSystem(mq.matches ? 'dark' : 'light');
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return pref === 'auto' ? system : pref;
}

const THEME_KEY = 'attention-lens:theme';

export function loadThemePref(): ThemePref {
  try {
    const v = globalThis.localStorage?.getItem(THEME_KEY);
    if (v === 'light' || v === 'dark' || v === 'auto') return v;
  } catch {
    /* storage unavailable */
  }
  return 'auto';
}

export function saveThemePref(p: ThemePref): void {
  try {
    globalThis.localStorage?.setItem(THEME_KEY, p);
  } catch {
    /* storage unavailable */
  }
}
