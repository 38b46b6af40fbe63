// The engine's loading stages in words (LensBody's spinner, the scratchpad's status line, compare mode's B).
import type { EngineProgress } from './engine-client';

/** What the engine is doing, in words: a first analysis loads the model in stages. */
export function stageText(p: EngineProgress | undefined): string {
  const model = p?.modelId ? ` ${p.modelId}` : '';
  switch (p?.stage) {
    case 'reading-model':
      return `Reading the model${model}${p.fraction !== undefined ? ` · ${Math.round(p.fraction * 100)} %` : '…'}`;
    case 'tokenizer':
      return 'Loading the tokenizer…';
    case 'preparing':
      return 'Preparing the model graph (exposing attention)…';
    case 'starting-runtime':
      return 'Starting onnxruntime…';
    default:
      // A long text: its windows are run one by one (the shown one and the summaries of the others).
      if (p?.windowsTotal && p.windowsTotal > 1) {
        const left = p.etaMs ? ` · about ${p.etaMs >= 10_000 ? Math.round(p.etaMs / 1000) : (p.etaMs / 1000).toFixed(1)} s left` : '';
        return `Running the model on your selection · window ${Math.min(p.windowsTotal, (p.windowsDone ?? 0) + 1)} of ${p.windowsTotal}${left}`;
      }
      return 'Running the model on your selection…';
  }
}
