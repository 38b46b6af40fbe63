// BertViz-style neuron view: for one layer, head and query token, the query vector q, every key k,
// the element-wise product q∘k, the scaled dot product q·k/√d and its softmax.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Legend } from '../components/Legend';
import { MatrixTable } from '../components/MatrixTable';
import { Tooltip, type TipState } from '../components/Tooltip';
import { divergingInterpolator, headColors } from '../lib/colors';
import { fmt2, fmtWeight, tokenName } from '../lib/format';
import { useViewWidth } from '../lib/hooks';
import { hasQueryKeys } from '../lib/attention-math';
import { exportColors } from '../lib/svg';
import { columnsTsv } from '../lib/tsv';
import type { ViewProps } from '../view-props';
import { headChoiceLabel, soloHead, type HeadChoice } from '../view-state';
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
  const head = Math.min(neuronHead(props.heads), r.numHeads - 1);
  const setHead = (h: number) => props.onHeads(soloHead(h));
  const names = useMemo(() => r.tokens.map((t, k) => tokenName(t.text, k)), [r]);
  const [query, setQuery] = useState(() => Math.min(n - 1, r.tokens.findIndex((t) => !t.special) >= 0 ? r.tokens.findIndex((t) => !t.special) : 0));
  const [showAll, setShowAll] = useState(n <= 24);
  const [order, setOrder] = useState<KeyOrder>(n <= 24 ? 'position' : 'weight');
  const [tip, setTip] = useState<TipState | null>(null);
  const data = useMemo(() => neuronData(r, layer, head, query), [r, layer, head, query]);
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
      svg: () => buildNeuronSvg(names, data, rows, layer, head, query, diverging, exportColors(rootRef.current)),
    };
    props.copyRef.current = {
      what: `the scores of ${names[query]} (layer ${layer + 1}, head ${head + 1})`,
      tsv: () =>
        columnsTsv(
          'Key',
          rows.map((j) => names[j]),
          [
            { label: 'q·k/√d', values: rows.map((j) => data.scores[j]) },
            { label: 'Softmax', values: rows.map((j) => data.softmax[j]) },
            { label: 'Model attention', values: rows.map((j) => data.attention[j]) },
          ],
        ),
    };
  });

  if (!hasQueryKeys(r) || !data) return <NeuronUnavailable />;
  const vectorScale = (t: number) => diverging(2 * t - 1);
  return (
    <section class="al-neuron" data-testid="neuron-view" data-state="ready" ref={rootRef} aria-label="Neuron view">
      <NeuronControls names={names} numKeys={n} numHeads={r.numHeads} head={head} onHead={setHead} query={query} onQuery={setQuery} order={order} onOrder={setOrder} showAll={n > TOP_K ? showAll : null} onShowAll={setShowAll} />
      <div class="al-neuron-legends">
        <Legend min={-data.maxAbsVec} max={data.maxAbsVec} interpolate={vectorScale} width={props.compact ? 150 : 180} label="q and k (negative · positive)" />
        <Legend min={-data.maxAbsProd} max={data.maxAbsProd} interpolate={vectorScale} width={props.compact ? 150 : 180} label="q × k" />
      </div>
      {props.heads.kind !== 'single' && <p class="al-hint al-neuron-one">{`The neuron view shows one head: head ${head + 1} (the heads choice is the ${headChoiceLabel(props.heads, layer)}). Choose a head to show another.`}</p>}
      {props.table ? (
        <NeuronTables names={names} data={data} rows={rows} query={query} diverging={diverging} />
      ) : (
        <NeuronGrid names={names} special={r.tokens.map((t) => t.special)} data={data} rows={rows} layer={layer} head={head} query={query} onQuery={setQuery} width={width} compact={props.compact} headColor={headColor} color={diverging} onTip={setTip} />
      )}
      {!showAll && <p class="al-hint">{`Showing the ${TOP_K} keys with the highest softmax weight; switch on “All ${n} keys” to see every key.`}</p>}
      {!props.table && <p class="al-hint">Click a key token to make it the query. Hover the colour strips to read single dimensions, or switch on “Table” to read every value.</p>}
      <Tooltip tip={tip} />
    </section>
  );
}

/** The one head the neuron view shows for a heads choice (the first of several; head 1 for mean / max / rollout). */
export function neuronHead(c: HeadChoice): number {
  return c.kind === 'single' ? c.head : c.kind === 'several' ? c.heads[0] : 0;
}

/** The neuron view as tables: scores per key, then the vectors q and k and the products q × k per dimension. */
function NeuronTables(props: { names: string[]; data: NonNullable<ReturnType<typeof neuronData>>; rows: number[]; query: number; diverging: (t: number) => string }) {
  const { names, data, rows, query, diverging } = props;
  const d = data.d;
  const dims = useMemo(() => Array.from({ length: d }, (_, t) => `dim ${t + 1}`), [d]);
  const keyNames = rows.map((j) => names[j]);
  return (
    <div class="al-neuron-tables">
      <MatrixTable
        caption={`Scores of each key for the query ${names[query]}`}
        corner="Key"
        rows={keyNames}
        cols={['q·k/√d', 'Softmax', 'Model attention']}
        pageRows={64}
        cell={(i, c) => {
          const j = rows[i];
          return { text: c === 0 ? fmt2(data.scores[j]) : fmtWeight(c === 1 ? data.softmax[j] : data.attention[j]) };
        }}
        testid="neuron-table"
      />
      <MatrixTable
        caption={`Query vector q of ${names[query]} and key vectors k, per dimension`}
        corner="Vector"
        rows={[`q ${names[query]}`, ...keyNames.map((k) => `k ${k}`)]}
        cols={dims}
        cell={(i, t) => {
          const v = i === 0 ? data.q[t] : data.k[rows[i - 1] * d + t];
          return { text: v.toFixed(3), bg: diverging(v / data.maxAbsVec) };
        }}
        testid="neuron-vectors-table"
      />
      <MatrixTable
        caption={`Element-wise products q × k per key and dimension`}
        corner="Key"
        rows={keyNames}
        cols={dims}
        cell={(i, t) => {
          const v = data.qk[rows[i] * d + t];
          return { text: v.toFixed(3), bg: diverging(v / data.maxAbsProd) };
        }}
        testid="neuron-products-table"
      />
    </div>
  );
}

function NeuronUnavailable() {
  return (
    <section class="al-neuron al-empty" data-testid="neuron-view" data-state="unavailable" aria-label="Neuron view">
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
