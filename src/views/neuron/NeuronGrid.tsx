// The neuron view's grid: the query row (label, q), then one row per shown key: label, k, q × k, q·k/√d and the
// softmax weight as a bar in the head's colour. Hovering a colour strip reports a tooltip for one dimension.
import type { TipState } from '../components/Tooltip';
import { fmt2, fmtWeight } from '../lib/format';
import type { NeuronData } from './neuron-math';
import { VectorStrip } from './VectorStrip';
import { t } from '../../shared/i18n';

const ROW_H = 20;
const SCORE_W = 58;

export function NeuronGrid(props: {
  /** Token names (text·position) and whether each is special, one per result token. */
  names: string[];
  special: boolean[];
  data: NeuronData;
  /** Keys shown, in display order. */
  rows: number[];
  layer: number;
  head: number;
  query: number;
  onQuery: (k: number) => void;
  width: number;
  compact?: boolean;
  headColor: string;
  /** Diverging colour scale, t in [−1, 1]. */
  color: (t: number) => string;
  onTip: (tip: TipState | null) => void;
}) {
  const { names, data, rows, query, headColor, color } = props;
  const label = (k: number) => names[k];
  const d = data.d;
  const labelW = props.compact ? 78 : 96;
  const softW = props.compact ? 96 : 120;
  const cellW = Math.max(3, Math.min(12, Math.floor((props.width - labelW - SCORE_W - softW - 4 * 12) / (2 * d))));
  const maxSoft = Math.max(...rows.map((j) => data.softmax[j]), 1e-9);
  const hover = (kind: string, fromQuery: boolean) => (row: number | null, dim: number, value: number, x: number, y: number) => {
    if (row === null) return props.onTip(null);
    props.onTip({
      x,
      y,
      content: (
        <>
          <div class="al-tip-title">{fromQuery ? `q (${label(query)})` : `${kind} · ${label(row)}`}</div>
          <div class="al-tip-value">{value.toFixed(3)}</div>
          <div class="al-tip-sub">{t('neuron_dimension', dim + 1, d)}</div>
        </>
      ),
    });
  };
  const strip = { d, cellW, color };
  return (
    <div class="al-neuron-scroll">
      <div
        class="al-neuron-grid"
        style={{ gridTemplateColumns: `${labelW}px ${d * cellW}px ${d * cellW}px ${SCORE_W}px ${softW}px` }}
        onMouseLeave={() => props.onTip(null)}
      >
        <div class="al-neuron-h">{t('neuron_query')}</div>
        <div class="al-neuron-h">q</div>
        <div class="al-neuron-h" />
        <div class="al-neuron-h" />
        <div class="al-neuron-h" />
        <div class="al-neuron-qlabel" style={{ borderColor: headColor }}>
          {label(query)}
        </div>
        <div>
          <VectorStrip
            {...strip}
            values={data.q}
            rows={[0]}
            rowH={ROW_H + 4}
            maxAbs={data.maxAbsVec}
            label={t('neuron_q_label', label(query), d)}
            testid="neuron-q"
            onHover={hover('q', true)}
          />
        </div>
        <div class="al-neuron-note">{t('neuron_where', props.layer + 1, props.head + 1, d)}</div>
        <div class="al-neuron-h al-neuron-sep">{t('neuron_key')}</div>
        <div class="al-neuron-h al-neuron-sep">k</div>
        <div class="al-neuron-h al-neuron-sep">q × k</div>
        <div class="al-neuron-h al-neuron-sep is-num">q·k/√d</div>
        <div class="al-neuron-h al-neuron-sep">Softmax</div>
        <div class="al-neuron-col">
          {rows.map((j) => (
            <button
              key={j}
              type="button"
              class={`al-neuron-key${j === query ? ' is-query' : ''}${props.special[j] ? ' is-special' : ''}`}
              style={{ height: `${ROW_H}px` }}
              title={t('neuron_use_as_query', label(j))}
              aria-pressed={j === query ? 'true' : 'false'}
              data-testid="neuron-key"
              onClick={() => props.onQuery(j)}
            >
              {label(j)}
            </button>
          ))}
        </div>
        <div>
          <VectorStrip
            {...strip}
            values={data.k}
            rows={rows}
            rowH={ROW_H}
            maxAbs={data.maxAbsVec}
            label={t('neuron_k_label', rows.length)}
            testid="neuron-k"
            onHover={hover('k', false)}
          />
        </div>
        <div>
          <VectorStrip
            {...strip}
            values={data.qk}
            rows={rows}
            rowH={ROW_H}
            maxAbs={data.maxAbsProd}
            label={t('neuron_qk_label', rows.length)}
            testid="neuron-qk"
            onHover={hover('q × k', false)}
          />
        </div>
        <div class="al-neuron-col">
          {rows.map((j) => (
            <div key={j} class="al-neuron-num" style={{ height: `${ROW_H}px` }}>
              {fmt2(data.scores[j])}
            </div>
          ))}
        </div>
        <div class="al-neuron-col">
          {rows.map((j) => (
            <div key={j} class="al-neuron-soft" style={{ height: `${ROW_H}px` }} title={t('neuron_model_attention_value', fmtWeight(data.attention[j]))}>
              <span class="al-neuron-bar" style={{ width: `${Math.max(1, (data.softmax[j] / maxSoft) * (softW - 52))}px`, background: headColor }} />
              <span class="al-neuron-num">{fmtWeight(data.softmax[j])}</span>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
