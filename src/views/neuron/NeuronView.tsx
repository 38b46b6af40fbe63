// BertViz-style neuron view: for one layer, head and query token, the query vector q, every key k,
// the element-wise product q∘k, the scaled dot product q·k/√d and its softmax.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Legend } from '../components/Legend';
import { Tooltip, type TipState } from '../components/Tooltip';
import { divergingInterpolator, headColors } from '../lib/colors';
import { useViewWidth } from '../lib/hooks';
import { hasQueryKeys } from '../lib/attention-math';
import { exportColors } from '../lib/svg';
import type { ViewProps } from '../view-props';
import { neuronData } from './neuron-math';
import { buildNeuronSvg } from './neuron-svg';
import { NeuronControls, type KeyOrder } from './NeuronControls';
import { NeuronGrid } from './NeuronGrid';
import './neuron.css';

const TOP_K = 16;

export function NeuronView(props: ViewProps) {
  // Head, query and key order belong to one analysis: a new one starts over.
  return <NeuronExplorer key={`${props.result.modelId}-${props.result.seqLen}`} {...props} />;
}

function NeuronExplorer(props: ViewProps) {
  const { result: r, layer, theme } = props;
  const rootRef = useRef<HTMLElement>(null);
  const width = useViewWidth(rootRef, 600);
  const n = r.seqLen;
  const [head, setHead] = useState(() => (typeof props.headSel === 'number' ? props.headSel : Math.max(0, props.selectedHeads.indexOf(true))));
  const [query, setQuery] = useState(() => Math.min(n - 1, r.tokens.findIndex((t) => !t.special) >= 0 ? r.tokens.findIndex((t) => !t.special) : 0));
  const [showAll, setShowAll] = useState(n <= 24);
  const [order, setOrder] = useState<KeyOrder>(n <= 24 ? 'position' : 'weight');
  const [tip, setTip] = useState<TipState | null>(null);
  const data = useMemo(() => neuronData(r, layer, Math.min(head, r.numHeads - 1), query), [r, layer, head, query]);
  const diverging = useMemo(() => divergingInterpolator(theme), [theme]);
  const headColor = useMemo(() => headColors(r.numHeads, theme)[head] ?? '#888', [r.numHeads, theme, head]);

  const rows = useMemo(() => {
    if (!data) return [];
    let idx = Array.from({ length: n }, (_, j) => j);
    if (order === 'weight' || !showAll) idx.sort((a, b) => data.softmax[b] - data.softmax[a]);
    if (!showAll) idx = idx.slice(0, TOP_K);
    if (order === 'position') idx.sort((a, b) => a - b);
    return idx;
  }, [data, n, order, showAll]);

  useEffect(() => {
    if (!data) return;
    props.exportRef.current = {
      name: `neuron-layer-${layer + 1}-head-${head + 1}`,
      svg: () => buildNeuronSvg(r, data, rows, layer, head, query, diverging, exportColors(rootRef.current)),
    };
  });

  if (!hasQueryKeys(r) || !data) return <NeuronUnavailable />;
  const vectorScale = (t: number) => diverging(2 * t - 1);
  return (
    <section class="al-neuron" data-testid="neuron-view" data-state="ready" ref={rootRef}>
      <NeuronControls tokens={r.tokens} numKeys={n} numHeads={r.numHeads} head={head} onHead={setHead} query={query} onQuery={setQuery} order={order} onOrder={setOrder} showAll={n > TOP_K ? showAll : null} onShowAll={setShowAll} />
      <div class="al-neuron-legends">
        <Legend min={-data.maxAbsVec} max={data.maxAbsVec} interpolate={vectorScale} width={props.compact ? 150 : 180} label="q and k (negative · positive)" />
        <Legend min={-data.maxAbsProd} max={data.maxAbsProd} interpolate={vectorScale} width={props.compact ? 150 : 180} label="q × k" />
      </div>
      <NeuronGrid result={r} data={data} rows={rows} layer={layer} head={head} query={query} onQuery={setQuery} width={width} compact={props.compact} headColor={headColor} color={diverging} onTip={setTip} />
      {!showAll && <p class="al-hint">{`Showing the ${TOP_K} keys with the highest softmax weight; switch on “All ${n} keys” to see every key.`}</p>}
      <p class="al-hint">Click a key token to make it the query. Hover the colour strips to read single dimensions.</p>
      <Tooltip tip={tip} />
    </section>
  );
}

function NeuronUnavailable() {
  return (
    <section class="al-neuron al-empty" data-testid="neuron-view" data-state="unavailable">
      <h3>Neuron view needs query and key vectors</h3>
      <p>
        This analysis only carried the attention probabilities. The neuron view shows, for one head, how a query vector q
        meets each key vector k: their element-wise product q × k, the scaled dot product q·k/√d and the softmax that turns
        those scores into attention weights.
      </p>
      <p>Re-run the analysis with query/key capture enabled (a model exported with per-head q/k outputs) to use it.</p>
    </section>
  );
}
