// The shared view state (src/views/view-state.ts) in extension storage: every surface starts from it, writes its
// changes back (debounced), and follows changes made by another surface, so popup → overlay → side panel carry
// the same tab, layer, heads and theme, and a reopened surface is restored.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getItem, onItemChanged, setItem } from '../platform/storage';
import { DEFAULT_VIEW_STATE, normalizeViewState, type ViewState } from '../views/view-state';

export const VIEW_STATE_KEY = 'viewState';
const SAVE_DELAY_MS = 150;

export async function loadViewState(): Promise<ViewState> {
  try {
    return normalizeViewState(await getItem('local', VIEW_STATE_KEY));
  } catch {
    return DEFAULT_VIEW_STATE;
  }
}

export function saveViewState(state: ViewState): Promise<void> {
  return setItem('local', VIEW_STATE_KEY, state);
}

/**
 * [state, update, loaded]: the stored view state, a setter that saves it, and whether the stored value has been
 * read (surfaces wait for it before drawing, so a restored layer does not flash the default first).
 */
export function useViewState(): [ViewState, (patch: Partial<ViewState>) => void, boolean] {
  const [state, setState] = useState<ViewState>(DEFAULT_VIEW_STATE);
  const [loaded, setLoaded] = useState(false);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    let live = true;
    void loadViewState().then((s) => {
      if (!live) return;
      setState(s);
      setLoaded(true);
    });
    // Another surface changed it (the user switched layer in the side panel): follow.
    const stop = onItemChanged('local', VIEW_STATE_KEY, (value) => {
      const next = normalizeViewState(value);
      if (JSON.stringify(next) !== JSON.stringify(latest.current)) setState(next);
    });
    return () => {
      live = false;
      stop();
      clearTimeout(pending.current);
    };
  }, []);

  const update = useCallback((patch: Partial<ViewState>) => {
    setState((s) => {
      const next = { ...s, ...patch };
      clearTimeout(pending.current);
      pending.current = setTimeout(() => void saveViewState(next).catch(() => undefined), SAVE_DELAY_MS);
      return next;
    });
  }, []);

  return [state, update, loaded];
}
