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
import { t } from '../../shared/i18n';

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
      what: t('neuron_copy_scores', names[query], layer + 1, head + 1),
      tsv: () =>
        columnsTsv(
          t('neuron_key'),
          rows.map((j) => names[j]),
          [
            { label: 'q·k/√d', values: rows.map((j) => data.scores[j]) },
            { label: 'Softmax', values: rows.map((j) => data.softmax[j]) },
            { label: t('neuron_model_attention'), values: rows.map((j) => data.attention[j]) },
          ],
        ),
    };
  });

  if (!hasQueryKeys(r) || !data) return <NeuronUnavailable />;
  const vectorScale = (t: number) => diverging(2 * t - 1);
  return (
    <section class="al-neuron" data-testid="neuron-view" data-state="ready" ref={rootRef} aria-label={t('tab_neuron')}>
      <NeuronControls
        names={names}
        numKeys={n}
        numHeads={r.numHeads}
        head={head}
        onHead={setHead}
        query={query}
        onQuery={setQuery}
        order={order}
        onOrder={setOrder}
        showAll={n > TOP_K ? showAll : null}
        onShowAll={setShowAll}
      />
      <div class="al-neuron-legends">
        <Legend min={-data.maxAbsVec} max={data.maxAbsVec} interpolate={vectorScale} width={props.compact ? 150 : 180} label={t('neuron_legend_qk')} />
        <Legend min={-data.maxAbsProd} max={data.maxAbsProd} interpolate={vectorScale} width={props.compact ? 150 : 180} label="q × k" />
      </div>
      {props.heads.kind !== 'single' && <p class="al-hint al-neuron-one">{t('neuron_one_head', head + 1, headChoiceLabel(props.heads, layer))}</p>}
      {props.table ? (
        <NeuronTables names={names} data={data} rows={rows} query={query} diverging={diverging} />
      ) : (
        <NeuronGrid
          names={names}
          special={r.tokens.map((t) => t.special)}
          data={data}
          rows={rows}
          layer={layer}
          head={head}
          query={query}
          onQuery={setQuery}
          width={width}
          compact={props.compact}
          headColor={headColor}
          color={diverging}
          onTip={setTip}
        />
      )}
      {!showAll && <p class="al-hint">{t('neuron_top_keys', TOP_K, n)}</p>}
      {!props.table && <p class="al-hint">{t('neuron_hint')}</p>}
      <Tooltip tip={tip} />
    </section>
  );
}

/** The one head the neuron view shows for a heads choice (the first of several; head 1 for mean / max / rollout). */
export function neuronHead(c: HeadChoice): number {
  return c.kind === 'single' ? c.head : c.kind === 'several' ? c.heads[0] : 0;
}

/** The neuron view as tables: scores per key, then the vectors q and k and the products q × k per dimension. */
function NeuronTables(props: {
  names: string[];
  data: NonNullable<ReturnType<typeof neuronData>>;
  rows: number[];
  query: number;
  diverging: (t: number) => string;
}) {
  const { names, data, rows, query, diverging } = props;
  const d = data.d;
  const dims = useMemo(() => Array.from({ length: d }, (_, k) => t('neuron_dim', k + 1)), [d]);
  const keyNames = rows.map((j) => names[j]);
  return (
    <div class="al-neuron-tables">
      <MatrixTable
        caption={t('neuron_scores_caption', names[query])}
        corner={t('neuron_key')}
        rows={keyNames}
        cols={['q·k/√d', 'Softmax', t('neuron_model_attention')]}
        pageRows={64}
        cell={(i, c) => {
          const j = rows[i];
          return { text: c === 0 ? fmt2(data.scores[j]) : fmtWeight(c === 1 ? data.softmax[j] : data.attention[j]) };
        }}
        testid="neuron-table"
      />
      <MatrixTable
        caption={t('neuron_vectors_caption', names[query])}
        corner={t('neuron_vector')}
        rows={[`q ${names[query]}`, ...keyNames.map((k) => `k ${k}`)]}
        cols={dims}
        cell={(i, t) => {
          const v = i === 0 ? data.q[t] : data.k[rows[i - 1] * d + t];
          return { text: v.toFixed(3), bg: diverging(v / data.maxAbsVec) };
        }}
        testid="neuron-vectors-table"
      />
      <MatrixTable
        caption={t('neuron_products_caption')}
        corner={t('neuron_key')}
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
    <section class="al-neuron al-empty" data-testid="neuron-view" data-state="unavailable" aria-label={t('tab_neuron')}>
      <h3>{t('neuron_unavailable_title')}</h3>
      <p>{t('neuron_unavailable_text')}</p>
      <p>{t('neuron_unavailable_fix')}</p>
    </section>
  );
}
