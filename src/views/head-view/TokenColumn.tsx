// One column of head-view token labels. Pure (re-renders only when its own props change) so hovering over
// hundreds of tokens never re-diffs the lists; hover/focus highlighting is applied to the DOM by useTokenMarks.
import { Component, type RefObject } from 'preact';
import type { ViewToken } from '../lib/view-model';
import { t } from '../../shared/i18n';

export interface TokenColumnProps {
  tokens: ViewToken[];
  side: 'from' | 'to';
  rowH: number;
  fontSize: number;
  /** Roving tab stop. */
  cursor: number;
  /** Locked token on this side, or −1. */
  locked: number;
  colRef: RefObject<HTMLDivElement | null>;
  /** Stable handlers (identity must not change between renders). */
  onEnter: (side: 'from' | 'to', index: number) => void;
  onPick: (side: 'from' | 'to', index: number) => void;
  onKey: (side: 'from' | 'to', e: KeyboardEvent) => void;
}

function indexOf(e: Event): number {
  const el = (e.target as Element | null)?.closest?.('[data-index]') as HTMLElement | null;
  return el ? Number(el.dataset.index) : -1;
}

export class TokenColumn extends Component<TokenColumnProps> {
  private last = -1;

  override shouldComponentUpdate(next: TokenColumnProps): boolean {
    const p = this.props;
    return (
      p.tokens !== next.tokens ||
      p.side !== next.side ||
      p.rowH !== next.rowH ||
      p.fontSize !== next.fontSize ||
      p.cursor !== next.cursor ||
      p.locked !== next.locked
    );
  }

  override render() {
    const { tokens, side, rowH, fontSize, cursor, locked, colRef, onEnter, onPick, onKey } = this.props;
    const style = { height: `${rowH}px`, lineHeight: `${rowH}px`, fontSize: `${fontSize}px` };
    return (
      <div
        ref={colRef}
        class={`al-hv-col al-hv-${side}`}
        role="listbox"
        aria-label={side === 'from' ? t('hv_col_from') : t('hv_col_to')}
        onMouseOver={(e) => {
          const k = indexOf(e);
          if (k >= 0 && k !== this.last) {
            this.last = k;
            onEnter(side, k);
          }
        }}
        onMouseLeave={() => (this.last = -1)}
        onFocusIn={(e) => {
          const k = indexOf(e);
          if (k >= 0) onEnter(side, k);
        }}
        onClick={(e) => {
          const k = indexOf(e);
          if (k >= 0) onPick(side, k);
        }}
        onKeyDown={(e) => onKey(side, e)}
      >
        {tokens.map((t, k) => (
          <div
            key={k}
            role="option"
            data-testid="head-token"
            data-side={side}
            data-index={k}
            tabIndex={cursor === k ? 0 : -1}
            aria-selected={locked === k ? 'true' : 'false'}
            class={`al-hv-token${t.special ? ' is-special' : ''}${t.segment === 1 ? ' is-b' : ''}`}
            style={style}
            title={t.name}
          >
            {t.vocab}
            <span class="al-pos">{`·${t.pos}`}</span>
          </div>
        ))}
      </div>
    );
  }
}
