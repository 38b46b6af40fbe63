// Runs an analysis for a piece of text and tracks what the view should show meanwhile.
import { useEffect, useState } from 'preact/hooks';
import type { AttentionResult } from '../shared/attention-result';
import { ProtocolError, toErrorInfo, type ErrorInfo } from '../shared/protocol';
import { analyze, type EngineProgress } from './engine-client';

export type AnalysisState =
  | { kind: 'idle' }
  | { kind: 'working'; text: string; progress?: EngineProgress }
  | { kind: 'done'; text: string; result: AttentionResult; totalMs: number }
  | { kind: 'error'; text: string; error: ErrorInfo };

export function useAnalysis(text: string | null, error: ErrorInfo | null, nonce = 0, pairSplit: number | null = null): AnalysisState {
  const [state, setState] = useState<AnalysisState>({ kind: 'idle' });
  useEffect(() => {
    if (error) {
      setState({ kind: 'error', text: text ?? '', error });
      return;
    }
    if (text === null) return;
    let live = true;
    setState({ kind: 'working', text });
    const onProgress = (progress: EngineProgress) => live && setState({ kind: 'working', text, progress });
    // Attention only: queries and keys are fetched when a view needs them (LensResult, useQueryKeys).
    analyze(text, { withQK: false, ...(pairSplit !== null ? { pairSplit } : {}) }, onProgress).then(
      ({ value, totalMs }) => live && setState({ kind: 'done', text, result: value, totalMs }),
      (err: unknown) => live && setState({ kind: 'error', text, error: toErrorInfo(err, err instanceof ProtocolError ? err.code : 'engine') }),
    );
    return () => {
      live = false;
    };
  }, [text, error, nonce, pairSplit]);
  return state;
}
