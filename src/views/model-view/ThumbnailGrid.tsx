// The model view's grid (also compare mode's difference grid): head labels, layer labels, one canvas with every
// thumbnail over a grid of transparent buttons (one per layer × head), each with an optional badge (the head's role).
// Arrow keys / Home / End move a roving tab stop; Enter or a click opens a map.
import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';
import { t } from '../../shared/i18n';

/** Whether `text` holds `word` as a whole word (a visible badge must be part of the cell's accessible name). */
function hasWord(text: string, word: string): boolean {
  const at = text.indexOf(word);
  return at >= 0 && !/\w/.test(text[at - 1] ?? '') && !/\w/.test(text[at + word.length] ?? '');
}

/** Side of a grid cell (px) so `count` columns and their labels fit `width`: 24..max. */
export function gridCellSize(width: number, labelW: number, count: number, gap: number, max = 120): number {
  return Math.max(24, Math.min(max, Math.floor((width - labelW - gap * count - 2) / Math.max(1, count))));
}

export interface GridCursor {
  r: number;
  c: number;
}

export function ThumbnailGrid(props: {
  layers: number[];
  heads: number[];
  size: number;
  gap: number;
  labelW: number;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  areaW: number;
  areaH: number;
  cursor: GridCursor;
  onCursor: (c: GridCursor) => void;
  onOpen: (layer: number, head: number) => void;
  /** data-testid of the cells (default "model-thumb"). */
  testid?: string;
  /** The grid's accessible name. */
  label?: string;
  /** A cell's accessible name (default "Layer l, head h. Open large."). */
  cellLabel?: (layer: number, head: number) => string;
  /** A cell's tooltip (default "Layer l · Head h"). */
  cellTitle?: (layer: number, head: number) => string;
  /** Short text drawn on a cell (e.g. its role), or null. */
  badge?: (layer: number, head: number) => string | null;
}) {
  const { layers, heads, size, gap, cursor } = props;
  const gridRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    let { r, c } = cursor;
    if (e.key === 'ArrowRight') c = Math.min(heads.length - 1, c + 1);
    else if (e.key === 'ArrowLeft') c = Math.max(0, c - 1);
    else if (e.key === 'ArrowDown') r = Math.min(layers.length - 1, r + 1);
    else if (e.key === 'ArrowUp') r = Math.max(0, r - 1);
    else if (e.key === 'Home') c = 0;
    else if (e.key === 'End') c = heads.length - 1;
    else return;
    e.preventDefault();
    props.onCursor({ r, c });
    gridRef.current?.querySelector<HTMLElement>(`[data-r="${r}"][data-c="${c}"]`)?.focus();
  };
  const cur = { r: Math.min(cursor.r, layers.length - 1), c: Math.min(cursor.c, heads.length - 1) };
  return (
    <div
      class="al-mv-grid"
      ref={gridRef}
      role="grid"
      aria-label={props.label ?? t('mv_grid_label')}
      style={{ gridTemplateColumns: `${props.labelW}px repeat(${heads.length}, ${size}px)`, gap: `${gap}px` }}
      onKeyDown={onKeyDown}
    >
      <div role="row" class="al-mv-row">
        <div role="columnheader" class="al-mv-corner" style={{ gridRow: '1', gridColumn: '1' }}>
          <span class="al-sr">{t('mv_layer_word')}</span>
        </div>
        {heads.map((h, c) => (
          <div key={h} role="columnheader" class={`al-mv-collabel${size < 56 ? ' is-narrow' : ''}`} style={{ gridRow: '1', gridColumn: String(c + 2) }}>
            <span class="al-mv-word">{t('mv_head_word')}</span> <span>{h + 1}</span>
          </div>
        ))}
      </div>
      <canvas
        ref={props.canvasRef}
        class="al-mv-canvas"
        data-testid="model-canvas"
        aria-hidden="true"
        style={{ gridRow: `2 / span ${layers.length}`, gridColumn: `2 / span ${heads.length}`, width: `${props.areaW}px`, height: `${props.areaH}px` }}
      />
      {layers.map((l, r) => (
        <div key={l} role="row" class="al-mv-row">
          <div role="rowheader" class="al-mv-rowlabel" style={{ gridRow: String(r + 2), gridColumn: '1' }}>
            {t('mv_row_layer', l + 1)}
          </div>
          {heads.map((h, c) => {
            const badge = size >= 40 ? props.badge?.(l, h) : null;
            const label = props.cellLabel?.(l, h) ?? t('mv_cell_label', l + 1, h + 1);
            return (
              <button
                key={h}
                type="button"
                role="gridcell"
                class="al-thumb"
                data-testid={props.testid ?? 'model-thumb'}
                data-layer={l}
                data-head={h}
                data-r={r}
                data-c={c}
                tabIndex={r === cur.r && c === cur.c ? 0 : -1}
                aria-label={badge && !hasWord(label, badge) ? t('mv_badge_label', badge, label) : label}
                title={props.cellTitle?.(l, h) ?? t('mv_cell_title', l + 1, h + 1)}
                style={{ gridRow: String(r + 2), gridColumn: String(c + 2), width: `${size}px`, height: `${size}px` }}
                onClick={() => {
                  props.onCursor({ r, c });
                  props.onOpen(l, h);
                }}
              >
                {badge && (
                  <span class="al-thumb-badge" data-testid="role-badge">
                    {badge}
                  </span>
                )}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
