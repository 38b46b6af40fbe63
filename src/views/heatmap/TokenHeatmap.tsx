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
import { matrixSlug, type HeatScores } from './scores';
import './heatmap.css';
import { t } from '../../shared/i18n';

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
      name: `tokens-${matrixSlug(props.layer, props.heads)}`,
      svg: () => buildHeatSvg(view, heat, focus, interp, exportColors(rootRef.current), Math.max(480, Math.min(900, textRef.current?.clientWidth ?? 720))),
    };
    props.copyRef.current =
      focus !== null
        ? { what: t('heat_copy_row', names[focus], heat.matrix), tsv: () => matrixTsv([names[focus]], names, heat.scores) }
        : {
            what: t('heat_copy_scores', heat.source, heat.matrix),
            tsv: () => columnsTsv(t('heat_col_token'), names, [{ label: `${heat.source} · ${heat.matrix}`, values: heat.scores }]),
          };
  });
  // A chosen token may be masked: the shell finds out (once) whether the model can.
  const offer = props.mask?.onOffer;
  const chosen = focus !== null;
  useEffect(() => {
    if (chosen) offer?.();
  }, [chosen, offer]);

  const color = (k: number) => interp(heat.max > 0 ? Math.min(1, heat.scores[k] / heat.max) : 0);
  const hoverToken = (k: number | null) => {
    setHover(k);
    props.onHoverToken(k);
  };
  return (
    <section class="al-heat" data-testid="token-heatmap" ref={rootRef} aria-label={t('heat_label')}>
      <HeatCaption heat={heat} focused={focus !== null} onClear={() => props.onFocusToken(null)} interp={interp} compact={props.compact}>
        {focus !== null && props.mask && !view.tokens[focus]?.special && <MaskButton mask={props.mask} k={focus} name={names[focus]} />}
      </HeatCaption>
      {props.table ? (
        <MatrixTable
          caption={t('heat_table_caption', heat.source, heat.matrix)}
          corner={t('heat_col_token')}
          rows={names}
          cols={[t('heat_col_score'), t('heat_col_rank')]}
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
          {t('heat_strongest')}
        </span>
        <ol aria-label={t('heat_strongest_label')} onMouseLeave={() => hoverToken(null)}>
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
            ? t(props.mask ? 'heat_hint_pick_mask' : 'heat_hint_pick')
            : t(props.mask && maskable(props.mask) && !view.tokens[focus]?.special && !props.mask.isMasked(focus) ? 'heat_hint_back_mask' : 'heat_hint_back')}
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
  const label = done ? t('heat_masked') : mask.adding ? t('heat_mask_too') : t('heat_mask');
  const reasonId = `al-mask-reason-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <>
      <button
        type="button"
        class="al-btn al-btn-small"
        data-testid="mask-token"
        aria-disabled={off ? 'true' : undefined}
        aria-describedby={mask.canMask === false ? reasonId : undefined}
        title={mask.canMask === false ? (mask.reason ?? t('heat_cannot_mask')) : t('heat_mask_title', props.name)}
        onClick={() => !off && mask.mask(k)}
      >
        {mask.busy ? t('heat_masking') : label}
      </button>
      {mask.canMask === false && (
        <span class="al-mask-reason" id={reasonId} data-testid="mask-reason">
          {mask.reason ?? t('heat_cannot_mask')}
        </span>
      )}
    </>
  );
}

function HeatCaption(props: {
  heat: HeatScores;
  focused: boolean;
  onClear: () => void;
  interp: (t: number) => string;
  compact?: boolean;
  children?: ComponentChildren;
}) {
  const { heat } = props;
  return (
    <div class="al-viewhead">
      <div class="al-caption">
        <div class="al-caption-main" aria-live="polite">
          {heat.source}
          {props.focused && (
            <button type="button" class="al-btn al-btn-small" data-testid="heat-clear" onClick={props.onClear}>
              {t('heat_clear')}
            </button>
          )}
          {props.children}
        </div>
        <div class="al-caption-sub">{heat.matrix}</div>
        {heat.beyondScale.length > 0 && (
          <div class="al-caption-sub" data-testid="heat-beyond-scale" title={t('heat_beyond_title')}>
            {t('heat_beyond', heat.beyondScale.join(t('list_separator')))}
          </div>
        )}
      </div>
      <Legend max={heat.max} interpolate={props.interp} width={props.compact ? 170 : 210} label={t('attention_weight')} />
    </div>
  );
}
