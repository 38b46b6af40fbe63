// Harness entry: renders AttentionPanel with a synthetic case chosen by URL params
// (?case=short|pair|medium|long|base128&tab=tokens|head|model|heads|neuron&theme=auto|light|dark&compact=1&width=760).
// controlled=1 renders it as the surfaces do: the harness keeps the ViewState (start: the JSON in ?state=, over the
// defaults and tab/theme) and passes state + onStateChange; window.__harness.setCase(id) swaps in another result
// (a pinned overlay following a new selection) and window.__harness.viewState is the state the harness holds.
// research=1 adds the research tools as the app shell does (src/app useProbe / useCompare) with synthetic runners:
// masking re-synthesises the case with [MASK] there (made-up predictions), compare mode's B is the edited text with
// one known head changed (synthetic.ts CHANGED_HEAD); canMask=0 plays a model without a masked-LM head.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useCompare, type CompareRunner } from '../../src/app/useCompare';
import { useProbe, type ProbeRunner } from '../../src/app/useProbe';
import type { AttentionResult } from '../../src/shared/attention-result';
import { AttentionPanel, type AttentionPanelProps } from '../../src/views/AttentionPanel';
import { resetThumbnailCache } from '../../src/views/model-view/thumbnail';
import type { TabId } from '../../src/views/registry';
import type { ThemePref } from '../../src/views/types';
import { DEFAULT_VIEW_STATE, normalizeViewState, type ViewState } from '../../src/views/view-state';
import { CHANGED_HEAD, editCase, makeCase, maskCase, type CaseId } from './synthetic';

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
      /** research=1: the head the synthetic edit changes, and the masked runs asked for. */
      changedHead: { layer: number; head: number };
      maskRuns: number[][];
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
const research = params.get('research') === '1';
const canMask = params.get('canMask') !== '0';
const NO_HEAD =
  'attention-lens-mini has no masked-language-model head in this export, so it cannot predict masked tokens. A fill-mask export (the catalog’s models are) can.';

const later = <T,>(make: () => T, ms = 120) => new Promise<T>((res) => setTimeout(() => res(make()), ms));

/** The panel with the research tools wired as src/app/LensResult.tsx wires them, on synthetic runners. */
function ResearchPanel(props: AttentionPanelProps & { caseId: CaseId }) {
  const { result, caseId } = props;
  const probeRunner = useMemo<ProbeRunner>(
    () => ({
      mask: (positions) => {
        h.maskRuns.push(positions);
        return canMask ? later(() => maskCase(caseId, positions)) : Promise.reject(Object.assign(new Error(NO_HEAD), { code: 'no-mlm-head' }));
      },
      canMask: () => later(() => (canMask ? { canMask: true } : { canMask: false, reason: NO_HEAD }), 30),
    }),
    [caseId],
  );
  const compareRunner = useMemo<CompareRunner>(
    () => ({
      run: (req, onStage) => {
        onStage?.('Running the model on your selection…');
        if (req.kind !== 'model') return later(() => editCase(caseId, req.text));
        const shape = req.model === 'wide' ? { numLayers: 6, numHeads: 8 } : undefined;
        return later(() => editCase(caseId, (result as AttentionResult).text, req.model === 'wide' ? 'wide-model' : 'bert-base-uncased', shape), 300);
      },
      models: async () => [
        { key: 'bert-base-uncased', label: 'bert-base-uncased (q8)' },
        { key: 'wide', label: 'wide-model (6 × 8 heads)' },
      ],
    }),
    [caseId, result],
  );
  const probe = useProbe(result, probeRunner);
  const compare = useCompare(result, compareRunner, probe.masked);
  return <AttentionPanel {...props} result={probe.shown} probe={probe.props} compare={compare} />;
}

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
  changedHead: CHANGED_HEAD,
  maskRuns: [],
  buildMs,
  resetThumbnailCache,
};
window.__harness = h;
if (theme === 'dark') document.body.classList.add('dark');

function Harness() {
  const [result, setResult] = useState(first);
  const [current, setCurrent] = useState<CaseId>(caseId);
  const [state, setState] = useState<ViewState>(() => normalizeViewState({ ...DEFAULT_VIEW_STATE, tab, theme, ...JSON.parse(params.get('state') ?? '{}') }));
  h.viewState = controlled ? state : null;
  useEffect(() => {
    h.setCase = (id) => {
      const r = makeCase(id);
      Object.assign(h, { caseId: id, seqLen: r.seqLen, numLayers: r.numLayers, numHeads: r.numHeads, tokens: r.tokens.map((t) => t.text) });
      setResult(r);
      setCurrent(id);
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
  // Called as a function (not a component made here), so the panel is never remounted by a re-render.
  const panel = (p: AttentionPanelProps) => (research ? <ResearchPanel {...p} caseId={current} /> : <AttentionPanel {...p} />);
  return (
    <div class="harness-frame" style={{ width: `${width}px` }}>
      {controlled
        ? panel({
            ...common,
            state,
            onStateChange: (patch) => {
              h.patches.push(patch);
              setState((s) => ({ ...s, ...patch }));
            },
          })
        : panel({ ...common, initialTab: tab, initialTheme: theme })}
    </div>
  );
}

render(<Harness />, document.getElementById('root')!);
requestAnimationFrame(() => (h.ready = true));
