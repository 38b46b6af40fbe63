// Tokens laid out as running text, each chip coloured by the current score (attention from the chosen token,
// or attention received when none is chosen). One DOM cell per token; arrow keys move and choose. The table
// alternative lists every token (text·position) with its score and rank. With probing offered (ViewProps.mask), the
// chosen token (a word in word mode) can be masked: "Mask it", or M on the chosen chip.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { Legend } from '../components/Legend';
import { MatrixTable } from '../components/MatrixTable';
import { Tooltip, type TipState } from '../components/Tooltip';
import { heatInterpolator } from '../lib/colors';
import { fmtWeight } from '../lib/format';
import { exportColors } from '../lib/svg';
import { columnsTsv, matrixTsv } from '../lib/tsv';
import type { MaskAction } from '../research';
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
    props.copyRef.current =
      focus !== null
        ? { what: `the row of ${names[focus]} (${heat.matrix})`, tsv: () => matrixTsv([names[focus]], names, heat.scores) }
        : { what: `every token’s score (${heat.source}, ${heat.matrix})`, tsv: () => columnsTsv('Token', names, [{ label: `${heat.source} · ${heat.matrix}`, values: heat.scores }]) };
  });
  // A chosen token may be masked: the shell finds out (once) whether the model can.
  const offer = props.mask?.onOffer;
  useEffect(() => {
    if (focus !== null) offer?.();
  }, [focus !== null, offer]);

  const color = (k: number) => interp(heat.max > 0 ? Math.min(1, heat.scores[k] / heat.max) : 0);
  const hoverToken = (k: number | null) => {
    setHover(k);
    props.onHoverToken(k);
  };
  return (
    <section class="al-heat" data-testid="token-heatmap" ref={rootRef} aria-label="Token heatmap">
      <HeatCaption heat={heat} focused={focus !== null} onClear={() => props.onFocusToken(null)} interp={interp} compact={props.compact}>
        {focus !== null && props.mask && !view.tokens[focus]?.special && <MaskButton mask={props.mask} k={focus} name={names[focus]} />}
      </HeatCaption>
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
        <HeatText
          view={view}
          heat={heat}
          focus={focus}
          onFocusToken={props.onFocusToken}
          color={color}
          rank={rank.r}
          textRef={textRef}
          onTip={setTip}
          hover={hover}
          onHoverToken={hoverToken}
          onMaskKey={props.mask && maskable(props.mask) ? (k) => !props.mask!.isMasked(k) && props.mask!.mask(k) : undefined}
        />
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
      {!props.table && (
        <p class="al-hint">
          {focus === null
            ? `Click a token, or focus one and use the arrow keys, to see where it attends${props.mask ? ' (and to mask it)' : ''}.`
            : `Click the chosen token again or press Escape to go back to attention received.${props.mask && maskable(props.mask) && !view.tokens[focus]?.special && !props.mask.isMasked(focus) ? ' M masks it.' : ''}`}
        </p>
      )}
      <Tooltip tip={tip} />
    </section>
  );
}

const maskable = (m: MaskAction) => m.canMask !== false && !m.busy;

/** "Mask it" for the chosen token: disabled (and saying why) when the model cannot predict masked tokens. */
function MaskButton(props: { mask: MaskAction; k: number; name: string }) {
  const { mask, k } = props;
  const done = mask.isMasked(k);
  const off = !maskable(mask) || done;
  const label = done ? 'Masked' : mask.adding ? 'Mask it too' : 'Mask it';
  const reasonId = `al-mask-reason-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <>
      <button
        type="button"
        class="al-btn al-btn-small"
        data-testid="mask-token"
        aria-disabled={off ? 'true' : undefined}
        aria-describedby={mask.canMask === false ? reasonId : undefined}
        title={
          mask.canMask === false
            ? (mask.reason ?? 'This model cannot predict masked tokens.')
            : `Replace ${props.name} with the mask token, run the model again and show its top predictions there (M)`
        }
        onClick={() => !off && mask.mask(k)}
      >
        {mask.busy ? 'Masking…' : label}
      </button>
      {mask.canMask === false && (
        <span class="al-mask-reason" id={reasonId} data-testid="mask-reason">
          {mask.reason ?? 'This model cannot predict masked tokens.'}
        </span>
      )}
    </>
  );
}

function HeatCaption(props: { heat: HeatScores; focused: boolean; onClear: () => void; interp: (t: number) => string; compact?: boolean; children?: ComponentChildren }) {
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
          {props.children}
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
