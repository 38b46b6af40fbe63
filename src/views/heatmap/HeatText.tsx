// The heatmap's token chips as running text. The chosen token is the locked item of the shared hover/lock hook
// (kept by the panel); arrow keys move and choose, Enter toggles, Escape clears; hovering or focusing a chip
// reports a tooltip for it (drawn by TokenHeatmap).
import type { RefObject } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { TipState } from '../components/Tooltip';
import { textOn } from '../lib/colors';
import { fmtWeight } from '../lib/format';
import { useHoverLock } from '../lib/hover-lock';
import type { AttentionView } from '../lib/view-model';
import type { HeatScores } from './scores';
import { t } from '../../shared/i18n';

/** Tokens grouped into runs without whitespace between them (a word and its pieces) so lines only wrap between words. */
function wordRuns(view: AttentionView): number[][] {
  const runs: number[][] = [];
  view.tokens.forEach((t, k) => {
    if (k === 0 || t.gapBefore || t.special || view.tokens[k - 1].special) runs.push([k]);
    else runs[runs.length - 1].push(k);
  });
  return runs;
}

export function HeatText(props: {
  view: AttentionView;
  heat: HeatScores;
  focus: number | null;
  onFocusToken: (index: number | null) => void;
  color: (k: number) => string;
  /** [token], n: 1-based rank of each score. */
  rank: Int32Array;
  textRef: RefObject<HTMLDivElement | null>;
  onTip: (tip: TipState | null) => void;
  /** Token highlighted from elsewhere (the strongest-tokens list), or null. */
  hover: number | null;
  onHoverToken: (index: number | null) => void;
  /** M on the chosen token masks it (masked-token probing), when offered. */
  onMaskKey?: (index: number) => void;
}) {
  const { view, heat, focus, color, textRef, onTip: setTip, onHoverToken } = props;
  const n = view.n;
  const [cursor, setCursor] = useState(0);
  const chosen = useHoverLock<number>({ locked: focus, onLockedChange: props.onFocusToken, escapeClears: 'lock' });
  const runs = useMemo(() => wordRuns(view), [view]);
  const active = focus ?? Math.min(cursor, Math.max(0, n - 1));

  const tipFor = (k: number, x: number, y: number): TipState => ({
    x,
    y,
    content: (
      <>
        <div class="al-tip-title">{view.tokens[k].name}</div>
        <div class="al-tip-value">{fmtWeight(heat.scores[k])}</div>
        <div class="al-tip-sub">{t('heat_tip_rank', heat.source, props.rank[k], n)}</div>
      </>
    ),
  });
  const onKeyDown = (e: KeyboardEvent) => {
    let next = -1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(n - 1, active + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(0, active - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      chosen.toggle(active);
      return;
    } else if ((e.key === 'm' || e.key === 'M') && !e.ctrlKey && !e.metaKey && !e.altKey && props.onMaskKey && focus !== null) {
      e.preventDefault();
      props.onMaskKey(focus);
      return;
    } else if (chosen.escape(e)) return;
    if (next >= 0) {
      e.preventDefault();
      setCursor(next);
      chosen.setLocked(next);
      textRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
    }
  };

  return (
    <div
      class={`al-heat-text${n > 160 ? ' is-long' : ''}`}
      ref={textRef}
      role="group"
      aria-label={t(props.onMaskKey ? 'heat_text_label_mask' : 'heat_text_label')}
      onKeyDown={onKeyDown}
      onMouseLeave={() => {
        setTip(null);
        onHoverToken(null);
      }}
    >
      {runs.map((run, ri) => (
        <span class="al-word" key={ri}>
          {run.map((k) => {
            const tok = view.tokens[k];
            const bg = color(k);
            const isChosen = focus === k;
            return (
              <span
                key={k}
                data-testid="heat-cell"
                data-token={tok.members.length > 1 ? tok.label : tok.raw}
                data-index={k}
                data-score={heat.scores[k].toFixed(5)}
                role="button"
                tabIndex={k === active ? 0 : -1}
                aria-pressed={isChosen ? 'true' : 'false'}
                aria-label={t(isChosen ? 'heat_chip_label_chosen' : 'heat_chip_label', tok.name, fmtWeight(heat.scores[k]))}
                class={`al-chip${tok.special ? ' al-chip-special' : ''}${tok.piece ? ' al-chip-piece' : ''}${isChosen ? ' al-chip-chosen' : ''}${props.hover === k ? ' al-chip-hover' : ''}`}
                style={{ background: bg, color: textOn(bg) }}
                onClick={() => {
                  setCursor(k);
                  chosen.toggle(k);
                }}
                onMouseEnter={() => onHoverToken(k)}
                onMouseMove={(e) => setTip(tipFor(k, e.clientX, e.clientY))}
                onMouseLeave={() => setTip(null)}
                onFocus={(e) => {
                  const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                  setTip(tipFor(k, r.left + r.width / 2, r.top));
                  onHoverToken(k);
                }}
                onBlur={() => {
                  setTip(null);
                  onHoverToken(null);
                }}
              >
                {tok.label}
              </span>
            );
          })}
        </span>
      ))}
    </div>
  );
}
