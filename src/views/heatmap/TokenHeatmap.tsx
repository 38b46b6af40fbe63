// Tokens laid out as running text, each chip coloured by the current score (attention from the chosen token,
// or attention received when none is chosen). One DOM cell per token; arrow keys move and choose. The table
// alternative lists every token (text·position) with its score and rank.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Legend } from '../components/Legend';
import { MatrixTable } from '../components/MatrixTable';
import { Tooltip, type TipState } from '../components/Tooltip';
import { heatInterpolator } from '../lib/colors';
import { fmtWeight } from '../lib/format';
import { exportColors } from '../lib/svg';
import type { ViewProps } from '../view-props';
import { buildHeatSvg } from './heat-svg';
import { HeatText } from './HeatText';
import type { HeatScores } from './scores';
import './heatmap.css';

const TABLE_COLS = ['Score', 'Rank'];

export function TokenHeatmap(props: ViewProps) {
  const { view, heat, focus, theme } = props;
  const [tip, setTip] = useState<TipState | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const rootRef = useRef<HTMLElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const interp = useMemo(() => heatInterpolator(theme), [theme]);
  const n = view.n;
  const rank = useMemo(() => {
    const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => heat.scores[b] - heat.scores[a]);
    const r = new Int32Array(n);
    order.forEach((k, pos) => (r[k] = pos + 1));
    return { r, order };
  }, [heat, n]);
  const names = useMemo(() => view.tokens.map((t) => t.name), [view]);

  useEffect(() => {
    props.exportRef.current = {
      name: `tokens-${heat.matrix.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()}`,
      svg: () => buildHeatSvg(view, heat, focus, interp, exportColors(rootRef.current), Math.max(480, Math.min(900, textRef.current?.clientWidth ?? 720))),
    };
  });

  const color = (k: number) => interp(heat.max > 0 ? Math.min(1, heat.scores[k] / heat.max) : 0);
  const hoverToken = (k: number | null) => {
    setHover(k);
    props.onHoverToken(k);
  };
  return (
    <section class="al-heat" data-testid="token-heatmap" ref={rootRef} aria-label="Token heatmap">
      <HeatCaption heat={heat} focused={focus !== null} onClear={() => props.onFocusToken(null)} interp={interp} compact={props.compact} />
      {props.table ? (
        <MatrixTable
          caption={`${heat.source}, ${heat.matrix}`}
          corner="Token"
          rows={names}
          cols={TABLE_COLS}
          pageRows={64}
          cell={(i, j) => (j === 0 ? { text: fmtWeight(heat.scores[i]), bg: color(i) } : { text: String(rank.r[i]) })}
          onHoverRow={props.onHoverToken}
          testid="heat-table"
        />
      ) : (
        <HeatText view={view} heat={heat} focus={focus} onFocusToken={props.onFocusToken} color={color} rank={rank.r} textRef={textRef} onTip={setTip} hover={hover} onHoverToken={hoverToken} />
      )}
      <div class="al-topk" data-testid="heat-topk">
        <span class="al-topk-label" aria-hidden="true">
          Strongest
        </span>
        <ol aria-label="Strongest tokens" onMouseLeave={() => hoverToken(null)}>
          {rank.order.slice(0, 5).map((k) => (
            <li key={k} data-testid="heat-topk-item" data-index={k} onMouseEnter={() => hoverToken(k)}>
              <span class="al-topk-swatch" style={{ background: color(k) }} aria-hidden="true" />
              <span class="al-topk-token">{names[k]}</span>
              <span class="al-topk-value">{fmtWeight(heat.scores[k])}</span>
            </li>
          ))}
        </ol>
      </div>
      {!props.table && <p class="al-hint">{focus === null ? 'Click a token, or focus one and use the arrow keys, to see where it attends.' : 'Click the chosen token again or press Escape to go back to attention received.'}</p>}
      <Tooltip tip={tip} />
    </section>
  );
}

function HeatCaption(props: { heat: HeatScores; focused: boolean; onClear: () => void; interp: (t: number) => string; compact?: boolean }) {
  const { heat } = props;
  return (
    <div class="al-viewhead">
      <div class="al-caption">
        <div class="al-caption-main" aria-live="polite">
          {heat.source}
          {props.focused && (
            <button type="button" class="al-btn al-btn-small" data-testid="heat-clear" onClick={props.onClear}>
              Clear
            </button>
          )}
        </div>
        <div class="al-caption-sub">{heat.matrix}</div>
        {heat.beyondScale.length > 0 && (
          <div class="al-caption-sub" data-testid="heat-beyond-scale" title="[CLS]/[SEP] often collect most of the attention; the colours are scaled to the word tokens so that they stay readable.">
            {`Colours scaled to the words; beyond the scale: ${heat.beyondScale.join(', ')}`}
          </div>
        )}
      </div>
      <Legend max={heat.max} interpolate={props.interp} width={props.compact ? 170 : 210} label="Attention weight" />
    </div>
  );
}
