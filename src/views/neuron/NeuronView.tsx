// BertViz-style neuron view: for one layer, head and query token, the query vector q, every key k,
// the element-wise product q∘k, the scaled dot product q·k/√d and its softmax.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AttentionResult } from '../../shared/attention-result';
import { Legend } from '../components/Legend';
import { Tooltip, type TipState } from '../components/Tooltip';
import { divergingInterpolator, headColors, type ResolvedTheme } from '../lib/colors';
import { fmt2, fmtWeight } from '../lib/format';
import { useViewWidth } from '../lib/hooks';
import { exportColors } from '../lib/svg';
import type { ExportRef } from '../types';
import { hasQueryKeys, neuronData } from './neuron-math';
import { buildNeuronSvg } from './neuron-svg';
import { VectorStrip } from './VectorStrip';

export interface NeuronViewProps {
  result: AttentionResult;
  layer: number;
  theme: ResolvedTheme;
  initialHead?: number;
  compact?: boolean;
  exportRef?: ExportRef;
}

const TOP_K = 16;

export function tokenLabel(r: AttentionResult, k: number): string {
  return r.tokens[k].text;
}

export function NeuronView(props: NeuronViewProps) {
  const { result: r, layer, theme } = props;
  const rootRef = useRef<HTMLElement>(null);
  const width = useViewWidth(rootRef, 600);
  const n = r.seqLen;
  const [head, setHead] = useState(props.initialHead ?? 0);
  const [query, setQuery] = useState(() => Math.min(n - 1, r.tokens.findIndex((t) => !t.special) >= 0 ? r.tokens.findIndex((t) => !t.special) : 0));
  const [showAll, setShowAll] = useState(n <= 24);
  const [order, setOrder] = useState<'weight' | 'position'>(n <= 24 ? 'position' : 'weight');
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
    if (!props.exportRef || !data) return;
    props.exportRef.current = {
      name: `neuron-layer-${layer + 1}-head-${head + 1}`,
      svg: () => buildNeuronSvg(r, data, rows, layer, head, query, diverging, exportColors(rootRef.current)),
    };
  });

  if (!hasQueryKeys(r) || !data) {
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

  const d = data.d;
  const labelW = props.compact ? 78 : 96;
  const scoreW = 58;
  const softW = props.compact ? 96 : 120;
  const gaps = 4 * 12;
  const cellW = Math.max(3, Math.min(12, Math.floor((width - labelW - scoreW - softW - gaps) / (2 * d))));
  const rowH = 20;
  const maxSoft = Math.max(...rows.map((j) => data.softmax[j]), 1e-9);
  const hover = (kind: string, fromQuery: boolean) => (row: number | null, dim: number, value: number, x: number, y: number) => {
    if (row === null) return setTip(null);
    setTip({
      x,
      y,
      content: (
        <>
          <div class="al-tip-title">{fromQuery ? `q (“${tokenLabel(r, query)}”)` : `${kind} · “${tokenLabel(r, row)}”`}</div>
          <div class="al-tip-value">{value.toFixed(3)}</div>
          <div class="al-tip-sub">{`dimension ${dim + 1} of ${d}`}</div>
        </>
      ),
    });
  };

  return (
    <section class="al-neuron" data-testid="neuron-view" data-state="ready" ref={rootRef}>
      <div class="al-controls al-controls-inline" role="group" aria-label="Neuron view settings">
        <div class="al-field">
          <label for="al-neuron-head">Head</label>
          <select id="al-neuron-head" class="al-select" data-testid="neuron-head" value={String(head)} onChange={(e) => setHead(Number((e.currentTarget as HTMLSelectElement).value))}>
            {Array.from({ length: r.numHeads }, (_, h) => (
              <option key={h} value={String(h)}>{`Head ${h + 1}`}</option>
            ))}
          </select>
        </div>
        <div class="al-field">
          <label for="al-neuron-query">Query token</label>
          <select id="al-neuron-query" class="al-select" data-testid="neuron-query" value={String(query)} onChange={(e) => setQuery(Number((e.currentTarget as HTMLSelectElement).value))}>
            {r.tokens.map((t, k) => (
              <option key={k} value={String(k)}>{`${k + 1}. ${t.text}`}</option>
            ))}
          </select>
        </div>
        <div class="al-field">
          <label for="al-neuron-order">Order keys</label>
          <select id="al-neuron-order" class="al-select" value={order} onChange={(e) => setOrder((e.currentTarget as HTMLSelectElement).value as 'weight' | 'position')}>
            <option value="position">By position</option>
            <option value="weight">By weight</option>
          </select>
        </div>
        {n > TOP_K && (
          <label class="al-switch">
            <input type="checkbox" role="switch" checked={showAll} onChange={(e) => setShowAll((e.currentTarget as HTMLInputElement).checked)} />
            <span class="al-switch-track" aria-hidden="true" />
            <span>{`All ${n} keys`}</span>
          </label>
        )}
      </div>
      <div class="al-neuron-legends">
        <Legend min={-data.maxAbsVec} max={data.maxAbsVec} interpolate={(t) => diverging(2 * t - 1)} width={props.compact ? 150 : 180} label="q and k (negative · positive)" />
        <Legend min={-data.maxAbsProd} max={data.maxAbsProd} interpolate={(t) => diverging(2 * t - 1)} width={props.compact ? 150 : 180} label="q × k" />
      </div>
      <div class="al-neuron-scroll">
        <div
          class="al-neuron-grid"
          style={{ gridTemplateColumns: `${labelW}px ${d * cellW}px ${d * cellW}px ${scoreW}px ${softW}px` }}
          onMouseLeave={() => setTip(null)}
        >
          <div class="al-neuron-h">Query</div>
          <div class="al-neuron-h">q</div>
          <div class="al-neuron-h" />
          <div class="al-neuron-h" />
          <div class="al-neuron-h" />
          <div class="al-neuron-qlabel" style={{ borderColor: headColor }}>
            {tokenLabel(r, query)}
          </div>
          <div>
            <VectorStrip values={data.q} rows={[0]} d={d} cellW={cellW} rowH={rowH + 4} maxAbs={data.maxAbsVec} color={diverging} label={`Query vector of ${tokenLabel(r, query)}`} testid="neuron-q" onHover={hover('q', true)} />
          </div>
          <div class="al-neuron-note">{`Layer ${layer + 1} · head ${head + 1} · d = ${d}`}</div>
          <div class="al-neuron-h al-neuron-sep">Key</div>
          <div class="al-neuron-h al-neuron-sep">k</div>
          <div class="al-neuron-h al-neuron-sep">q × k</div>
          <div class="al-neuron-h al-neuron-sep is-num">q·k/√d</div>
          <div class="al-neuron-h al-neuron-sep">Softmax</div>
          <div class="al-neuron-col">
            {rows.map((j) => (
              <button
                key={j}
                type="button"
                class={`al-neuron-key${j === query ? ' is-query' : ''}${r.tokens[j].special ? ' is-special' : ''}`}
                style={{ height: `${rowH}px` }}
                title={`Use “${r.tokens[j].text}” as the query`}
                data-testid="neuron-key"
                onClick={() => setQuery(j)}
              >
                {tokenLabel(r, j)}
              </button>
            ))}
          </div>
          <div>
            <VectorStrip values={data.k} rows={rows} d={d} cellW={cellW} rowH={rowH} maxAbs={data.maxAbsVec} color={diverging} label="Key vectors" testid="neuron-k" onHover={hover('k', false)} />
          </div>
          <div>
            <VectorStrip values={data.qk} rows={rows} d={d} cellW={cellW} rowH={rowH} maxAbs={data.maxAbsProd} color={diverging} label="Element-wise products q × k" testid="neuron-qk" onHover={hover('q × k', false)} />
          </div>
          <div class="al-neuron-col">
            {rows.map((j) => (
              <div key={j} class="al-neuron-num" style={{ height: `${rowH}px` }}>
                {fmt2(data.scores[j])}
              </div>
            ))}
          </div>
          <div class="al-neuron-col">
            {rows.map((j) => (
              <div key={j} class="al-neuron-soft" style={{ height: `${rowH}px` }} title={`Model attention ${fmtWeight(data.attention[j])}`}>
                <span class="al-neuron-bar" style={{ width: `${Math.max(1, (data.softmax[j] / maxSoft) * (softW - 52))}px`, background: headColor }} />
                <span class="al-neuron-num">{fmtWeight(data.softmax[j])}</span>
              </div>
            ))}
          </div>
        </div>
      </div>
      {!showAll && <p class="al-hint">{`Showing the ${TOP_K} keys with the highest softmax weight; switch on “All ${n} keys” to see every key.`}</p>}
      <p class="al-hint">Click a key token to make it the query. Hover the colour strips to read single dimensions.</p>
      <Tooltip tip={tip} />
    </section>
  );
}
