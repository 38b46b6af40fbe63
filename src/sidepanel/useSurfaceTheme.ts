// Shared-view-state helpers of popup, side panel and scratchpad.
//
// A surface's whole page (title bar, mode tabs, scratchpad, notes) follows the theme of the shared view state, like
// the views under it: app.css reads data-theme on <html>. Without this, choosing "dark" in the views on a light
// system would leave light strips around them.
import { useEffect } from 'preact/hooks';
import type { AnalysisState } from '../app/useAnalysis';
import { useResolvedTheme } from '../views/lib/hooks';
import type { ThemePref } from '../views/types';

export function useSurfaceTheme(pref: ThemePref): void {
  const theme = useResolvedTheme(pref);
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
  }, [theme]);
}

/**
 * A result is drawn only once the shared view state has been read: drawing it with the default state first would
 * flash the default view, and a change the views report meanwhile would be saved over the user's stored state.
 */
export function untilLoaded(state: AnalysisState, viewStateLoaded: boolean): AnalysisState {
  return state.kind === 'done' && !viewStateLoaded ? { kind: 'working', text: state.text } : state;
}
