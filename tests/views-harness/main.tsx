// Harness entry: renders AttentionPanel with a synthetic case chosen by URL params
// (?case=short|pair|medium|long&tab=tokens|head|model|heads|neuron&theme=auto|light|dark&compact=1&width=760).
import { render } from 'preact';
import { AttentionPanel } from '../../src/views/AttentionPanel';
import { resetThumbnailCache } from '../../src/views/model-view/thumbnail';
import type { TabId } from '../../src/views/registry';
import type { ThemePref } from '../../src/views/types';
import { makeCase, type CaseId } from './synthetic';

declare global {
  interface Window {
    __harness?: { ready: boolean; caseId: string; seqLen: number; numLayers: number; numHeads: number; tokens: string[]; highlight: Float32Array | null; highlightCalls: number; buildMs: number; resetThumbnailCache: () => void };
  }
}

const params = new URLSearchParams(location.search);
const caseId = (params.get('case') ?? 'short') as CaseId;
const tab = (params.get('tab') ?? 'tokens') as TabId;
const theme = (params.get('theme') ?? 'light') as ThemePref;
const compact = params.get('compact') === '1';
const width = Number(params.get('width') ?? (compact ? 520 : 760));

const t0 = performance.now();
const result = makeCase(caseId);
const buildMs = performance.now() - t0;
const state: NonNullable<Window['__harness']> = {
  ready: false,
  caseId,
  seqLen: result.seqLen,
  numLayers: result.numLayers,
  numHeads: result.numHeads,
  tokens: result.tokens.map((t) => t.text),
  highlight: null,
  highlightCalls: 0,
  buildMs,
  resetThumbnailCache,
};
window.__harness = state;
if (theme === 'dark') document.body.classList.add('dark');

render(
  <div class="harness-frame" style={{ width: `${width}px` }}>
    <AttentionPanel
      result={result}
      compact={compact}
      initialTab={tab}
      initialTheme={theme}
      onHeat={(h) => {
        state.highlight = h?.scores ?? null;
        state.highlightCalls++;
      }}
    />
  </div>,
  document.getElementById('root')!,
);
requestAnimationFrame(() => (state.ready = true));
