// Title bar shared by popup and overlay: product name, model and backend, and per-surface actions.
import type { ComponentChildren } from 'preact';
import type { AnalysisState } from './useAnalysis';

export function LensHeader(props: { state: AnalysisState; children?: ComponentChildren }) {
  const result = props.state.kind === 'done' ? props.state.result : null;
  return (
    <header class="lens-header">
      <div class="lens-brand">
        <span class="lens-logo" aria-hidden="true" />
        <span class="lens-title">Attention Lens</span>
      </div>
      {result && (
        <div class="lens-meta" data-testid="lens-meta">
          <span class="lens-chip" title="Model">{result.modelId}</span>
          <span class="lens-chip" data-testid="lens-backend" title="Where the model ran">{result.backend === 'webgpu' ? 'WebGPU' : 'WASM'}</span>
        </div>
      )}
      <div class="lens-actions">{props.children}</div>
    </header>
  );
}
