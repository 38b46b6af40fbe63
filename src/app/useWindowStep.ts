// Stepping through the windows of a long text (issue 14): the surface's analysis is window 0 (with the summaries of
// every window, for the stitched heat); the window strip asks for window k, which the engine runs (or takes from its
// bounded cache) and returns with the same summaries. Only the window shown is held here; a new analysis of the
// surface starts again at its own window.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import { toErrorInfo } from '../shared/protocol';
import { analyze } from './engine-client';

interface StepState {
  /** The surface's result this state belongs to (a new one resets it). */
  base: AttentionResult;
  shown: AttentionResult | null;
  pending: number | null;
  error: string | null;
}

export interface WindowStep {
  /** What the views show: the window stepped to, else the surface's result. */
  shown: AttentionResult;
  pending: number | null;
  error: string | null;
  /** Show window k; undefined when the result is not a window of a long text. */
  step?: (k: number) => void;
}

/** `withQK`: the views shown need queries and keys (the step asks for them at once). */
export function useWindowStep(result: AttentionResult, withQK = false): WindowStep {
  const [st, setSt] = useState<StepState>({ base: result, shown: null, pending: null, error: null });
  const cur = st.base === result ? st : { base: result, shown: null, pending: null, error: null };
  const seq = useRef(0);
  const qk = useRef(withQK);
  qk.current = withQK;
  // A new result (or unmount) drops the answer of a step still on its way.
  useEffect(() => () => void seq.current++, [result]);
  const step = useCallback(
    (k: number) => {
      const mine = ++seq.current;
      if (result.windows && k === result.windows.index) {
        setSt({ base: result, shown: null, pending: null, error: null });
        return;
      }
      setSt((s) => ({ ...(s.base === result ? s : { base: result, shown: null }), pending: k, error: null }));
      // The same input as the surface's analysis, window k (Q/K when a view shown needs them); the summaries come from the
      // engine's memory of this text, so nothing but window k runs.
      analyze(result.text, { withQK: qk.current, window: k }).then(
        ({ value }) => {
          if (seq.current === mine) setSt({ base: result, shown: value, pending: null, error: null });
        },
        (err: unknown) => {
          if (seq.current === mine) setSt((s) => ({ ...s, pending: null, error: toErrorInfo(err, 'engine').message }));
        },
      );
    },
    [result],
  );
  return { shown: cur.shown ?? result, pending: cur.pending, error: cur.error, ...(result.windows ? { step } : {}) };
}
