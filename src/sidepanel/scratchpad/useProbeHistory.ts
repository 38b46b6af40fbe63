// The probe history in storage.local (key 'scratchpad:history'), shared by the popup's and the side panel's
// scratchpads: each follows changes the other makes.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { getItem, onItemChanged, setItem } from '../../platform/storage';
import { addProbe, normalizeHistory, removeProbe, type Probe } from './history';

export const HISTORY_KEY = 'scratchpad:history';

export interface ProbeHistory {
  probes: Probe[];
  /** Records a probe; `editing`: the same edit as the newest probe (see addProbe). */
  add(text: string, editing?: boolean): void;
  remove(text: string): void;
  clear(): void;
}

export function useProbeHistory(): ProbeHistory {
  const [probes, setProbes] = useState<Probe[]>([]);
  const latest = useRef(probes);
  /** The stored history, read once; changes made before it arrives apply to it, not to an empty list. */
  const loaded = useRef<Promise<void> | null>(null);

  useEffect(() => {
    let live = true;
    loaded.current = getItem('local', HISTORY_KEY).then(
      (raw) => {
        latest.current = normalizeHistory(raw);
        if (live) setProbes(latest.current);
      },
      () => undefined,
    );
    const stop = onItemChanged('local', HISTORY_KEY, (raw) => {
      latest.current = normalizeHistory(raw);
      setProbes(latest.current);
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  const change = useCallback((edit: (probes: Probe[]) => Probe[]) => {
    void (loaded.current ?? Promise.resolve())
      .then(() => {
        const next = edit(latest.current);
        latest.current = next;
        setProbes(next);
        return setItem('local', HISTORY_KEY, next);
      })
      .catch(() => undefined);
  }, []);

  return {
    probes,
    add: useCallback((text: string, editing = false) => change((p) => addProbe(p, text, Date.now(), editing)), [change]),
    remove: useCallback((text: string) => change((p) => removeProbe(p, text)), [change]),
    clear: useCallback(() => change(() => []), [change]),
  };
}
