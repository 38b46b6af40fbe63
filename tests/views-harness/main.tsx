// Harness entry: renders AttentionPanel with a synthetic case chosen by URL params
// (?case=short|pair|medium|long|base128&tab=tokens|head|model|heads|neuron&theme=auto|light|dark&compact=1&width=760).
// controlled=1 renders it as the surfaces do: the harness keeps the ViewState (start: the JSON in ?state=, over the
// defaults and tab/theme) and passes state + onStateChange; window.__harness.setCase(id) swaps in another result
// (a pinned overlay following a new selection) and window.__harness.viewState is the state the harness holds.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AttentionPanel } from '../../src/views/AttentionPanel';
import { resetThumbnailCache } from '../../src/views/model-view/thumbnail';
import type { TabId } from '../../src/views/registry';
import type { ThemePref } from '../../src/views/types';
import { DEFAULT_VIEW_STATE, normalizeViewState, type ViewState } from '../../src/views/view-state';
import { makeCase, type CaseId } from './synthetic';

declare global {
  interface Window {
    __harness?: {
      ready: boolean;
      caseId: string;
      seqLen: number;
      numLayers: number;
      numHeads: number;
      tokens: string[];
      highlight: Float32Array | null;
      highlightCalls: number;
      /** Last token reported by onHoverToken (original index, or null) and how many reports. */
      hoverToken: number | null;
      hoverCalls: number;
      /** Controlled mode: the state the harness holds, and the patches the panel reported. */
      viewState: ViewState | null;
      patches: Partial<ViewState>[];
      setCase: (id: CaseId) => void;
      buildMs: number;
      resetThumbnailCache: () => void;
    };
  }
}

const params = new URLSearchParams(location.search);
const caseId = (params.get('case') ?? 'short') as CaseId;
const tab = (params.get('tab') ?? 'tokens') as TabId;
const theme = (params.get('theme') ?? 'light') as ThemePref;
const compact = params.get('compact') === '1';
const controlled = params.get('controlled') === '1';
const width = Number(params.get('width') ?? (compact ? 520 : 760));

const t0 = performance.now();
const first = makeCase(caseId);
const buildMs = performance.now() - t0;
const h: NonNullable<Window['__harness']> = {
  ready: false,
  caseId,
  seqLen: first.seqLen,
  numLayers: first.numLayers,
  numHeads: first.numHeads,
  tokens: first.tokens.map((t) => t.text),
  highlight: null,
  highlightCalls: 0,
  hoverToken: null,
  hoverCalls: 0,
  viewState: null,
  patches: [],
  setCase: () => undefined,
  buildMs,
  resetThumbnailCache,
};
window.__harness = h;
if (theme === 'dark') document.body.classList.add('dark');

function Harness() {
  const [result, setResult] = useState(first);
  const [state, setState] = useState<ViewState>(() => normalizeViewState({ ...DEFAULT_VIEW_STATE, tab, theme, ...JSON.parse(params.get('state') ?? '{}') }));
  h.viewState = controlled ? state : null;
  useEffect(() => {
    h.setCase = (id) => {
      const r = makeCase(id);
      Object.assign(h, { caseId: id, seqLen: r.seqLen, numLayers: r.numLayers, numHeads: r.numHeads, tokens: r.tokens.map((t) => t.text) });
      setResult(r);
    };
  }, []);
  const common = {
    result,
    compact,
    onHeat: (heat: { scores: Float32Array } | null) => {
      h.highlight = heat?.scores ?? null;
      h.highlightCalls++;
    },
    onHoverToken: (k: number | null) => {
      h.hoverToken = k;
      h.hoverCalls++;
    },
  };
  return (
    <div class="harness-frame" style={{ width: `${width}px` }}>
      {controlled ? (
        <AttentionPanel
          {...common}
          state={state}
          onStateChange={(patch) => {
            h.patches.push(patch);
            setState((s) => ({ ...s, ...patch }));
          }}
        />
      ) : (
        <AttentionPanel {...common} initialTab={tab} initialTheme={theme} />
      )}
    </div>
  );
}

render(<Harness />, document.getElementById('root')!);
requestAnimationFrame(() => (h.ready = true));
