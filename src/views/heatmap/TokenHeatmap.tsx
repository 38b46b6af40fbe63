// Tokens laid out as running text, each chip coloured by the current score (attention from the chosen token,
// or attention received when none is chosen). One DOM cell per token; arrow keys move and choose.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Legend } from '../components/Legend';
import { Tooltip, type TipState } from '../components/Tooltip';
import { heatInterpolator, textOn, type ResolvedTheme } from '../lib/colors';
import { fmtWeight } from '../lib/format';
import { exportColors } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';
import type { ExportRef } from '../types';
import { buildHeatSvg } from './heat-svg';
import type { HeatScores } from './scores';

export interface TokenHeatmapProps {
  view: AttentionView;
  heat: HeatScores;
  focus: number | null;
  onFocusToken: (index: number | null) => void;
  theme: ResolvedTheme;
  exportRef?: ExportRef;
  compact?: boolean;
}

/** Tokens grouped into runs without whitespace between them (a word and its pieces) so lines only wrap between words. */
function wordRuns(view: AttentionView): number[][] {
  const runs: number[][] = [];
  view.tokens.forEach((t, k) => {
    if (k === 0 || t.gapBefore || t.special || view.tokens[k - 1].special) runs.push([k]);
    else runs[runs.length - 1].push(k);
  });
  return runs;
}

export function TokenHeatmap(props: TokenHeatmapProps) {
  const { view, heat, focus, onFocusToken, theme } = props;
  const [cursor, setCursor] = useState(0);
  const [tip, setTip] = useState<TipState | null>(null);
  const rootRef = useRef<HTMLElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const interp = useMemo(() => heatInterpolator(theme), [theme]);
  const runs = useMemo(() => wordRuns(view), [view]);
  const n = view.n;
  const rank = useMemo(() => {
    const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => heat.scores[b] - heat.scores[a]);
    const r = new Int32Array(n);
    order.forEach((k, pos) => (r[k] = pos + 1));
    return { r, order };
  }, [heat, n]);
  const active = focus ?? Math.min(cursor, Math.max(0, n - 1));

  useEffect(() => {
    if (!props.exportRef) return;
    props.exportRef.current = {
      name: `tokens-${heat.matrix.replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase()}`,
      svg: () => buildHeatSvg(view, heat, focus, interp, exportColors(rootRef.current), Math.max(480, Math.min(900, textRef.current?.clientWidth ?? 720))),
    };
  });

  const color = (k: number) => interp(heat.max > 0 ? Math.min(1, heat.scores[k] / heat.max) : 0);
  const tipFor = (k: number, x: number, y: number): TipState => ({
    x,
    y,
    content: (
      <>
        <div class="al-tip-title">{view.tokens[k].members.length > 1 ? view.tokens[k].label : view.tokens[k].raw}</div>
        <div class="al-tip-value">{fmtWeight(heat.scores[k])}</div>
        <div class="al-tip-sub">{`${heat.source} · rank ${rank.r[k]} of ${n}`}</div>
      </>
    ),
  });

  const focusChip = (k: number) => {
    const el = textRef.current?.querySelector<HTMLElement>(`[data-index="${k}"]`);
    el?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const cur = active;
    let next = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(n - 1, cur + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(0, cur - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onFocusToken(focus === cur ? null : cur);
      return;
    } else if (e.key === 'Escape') {
      if (focus !== null) {
        e.preventDefault();
        e.stopPropagation();
        onFocusToken(null);
      }
      return;
    }
    if (next >= 0) {
      e.preventDefault();
      setCursor(next);
      onFocusToken(next);
      focusChip(next);
    }
  };

  return (
    <section class="al-heat" data-testid="token-heatmap" ref={rootRef}>
      <div class="al-viewhead">
        <div class="al-caption">
          <div class="al-caption-main" aria-live="polite">
            {heat.source}
            {focus !== null && (
              <button type="button" class="al-btn al-btn-small" data-testid="heat-clear" onClick={() => onFocusToken(null)}>
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
        <Legend max={heat.max} interpolate={interp} width={props.compact ? 170 : 210} label="Attention weight" />
      </div>
      <div
        class={`al-heat-text${n > 160 ? ' is-long' : ''}`}
        ref={textRef}
        role="group"
        aria-label="Tokens coloured by attention. Arrow keys move and choose a token, Enter toggles, Escape clears."
        onKeyDown={onKeyDown}
        onMouseLeave={() => setTip(null)}
      >
        {runs.map((run, ri) => (
          <span class="al-word" key={ri}>
            {run.map((k) => {
              const t = view.tokens[k];
              const bg = color(k);
              const chosen = focus === k;
              return (
                <span
                  key={k}
                  data-testid="heat-cell"
                  data-token={t.members.length > 1 ? t.label : t.raw}
                  data-index={k}
                  data-score={heat.scores[k].toFixed(5)}
                  role="button"
                  tabIndex={k === active ? 0 : -1}
                  aria-pressed={chosen ? 'true' : 'false'}
                  aria-label={`${t.label}: ${fmtWeight(heat.scores[k])}${chosen ? ', chosen' : ''}`}
                  class={`al-chip${t.special ? ' al-chip-special' : ''}${t.piece ? ' al-chip-piece' : ''}${chosen ? ' al-chip-chosen' : ''}`}
                  style={{ background: bg, color: textOn(bg) }}
                  onClick={() => {
                    setCursor(k);
                    onFocusToken(chosen ? null : k);
                  }}
                  onMouseMove={(e) => setTip(tipFor(k, e.clientX, e.clientY))}
                  onMouseLeave={() => setTip(null)}
                  onFocus={(e) => {
                    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                    setTip(tipFor(k, r.left + r.width / 2, r.top));
                  }}
                  onBlur={() => setTip(null)}
                >
                  {t.label}
                </span>
              );
            })}
          </span>
        ))}
      </div>
      <div class="al-topk" data-testid="heat-topk">
        <span class="al-topk-label">Strongest</span>
        <ol>
          {rank.order.slice(0, 5).map((k) => (
            <li key={k}>
              <span class="al-topk-swatch" style={{ background: color(k) }} aria-hidden="true" />
              <span class="al-topk-token">{view.tokens[k].label}</span>
              <span class="al-topk-value">{fmtWeight(heat.scores[k])}</span>
            </li>
          ))}
        </ol>
      </div>
      <p class="al-hint">{focus === null ? 'Click a token, or focus one and use the arrow keys, to see where it attends.' : 'Click the chosen token again or press Escape to go back to attention received.'}</p>
      <Tooltip tip={tip} />
    </section>
  );
}
