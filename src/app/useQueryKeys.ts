// Q and K only when a view needs them (issue 14, engine overhead): analyses come back with attention alone; when the
// surface shows a view that draws queries and keys (the registry's `needsQK`: the neuron view), the same input —
// same sentence pair, same window of a long text — is asked for again with them, once per result.
import { useEffect, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import { pairSplitOf } from './research-runners';
import { analyze } from './engine-client';

/** `result`, or the same input with queries and keys once `wanted` and they have arrived. */
export function useQueryKeys(result: AttentionResult, wanted: boolean): AttentionResult {
  const [got, setGot] = useState<{ for: AttentionResult; value: AttentionResult } | null>(null);
  const need = wanted && result.queries === undefined && !result.masked;
  const have = got?.for === result ? got.value : null;
  useEffect(() => {
    if (!need || have) return;
    let live = true;
    const pairSplit = pairSplitOf(result);
    // A window keeps the summaries of the others (the engine holds them): the page heat stays whole.
    analyze(result.text, {
      withQK: true,
      ...(pairSplit !== undefined ? { pairSplit } : {}),
      ...(result.windows ? { window: result.windows.index, summaries: result.windows.summaries !== undefined } : {}),
    }).then(
      ({ value }) => live && setGot({ for: result, value }),
      () => undefined, // the view explains that it has no queries/keys; the next result tries again
    );
    return () => {
      live = false;
    };
  }, [result, need, have]);
  return have ?? result;
}
