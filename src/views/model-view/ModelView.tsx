// Model view: every layer × head as a canvas thumbnail heatmap; click one to open it large.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { heatLut, type ResolvedTheme } from '../lib/colors';
import { useViewWidth } from '../lib/hooks';
import { exportColors } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';
import type { ExportRef } from '../types';
import { LargeHeatmap } from './LargeHeatmap';
import { buildModelSvg } from './model-svg';
import { cachedHead, paintTiles, pooledHead, type Tile } from './thumbnail';

/** Pooling work allowed before the first paint, and per later frame while thumbnails stream in. */
const FIRST_FRAME_BUDGET_MS = 70;
const FRAME_BUDGET_MS = 24;

export interface ModelViewProps {
  view: AttentionView;
  theme: ResolvedTheme;
  compact?: boolean;
  exportRef?: ExportRef;
  /** Open a head in the head view. */
  onOpenHead?: (layer: number, head: number) => void;
}

function Chips(props: { label: string; count: number; on: boolean[]; onChange: (v: boolean[]) => void; testid: string }) {
  const all = props.on.every(Boolean);
  return (
    <div class="al-chips" role="group" aria-label={`${props.label} shown`} data-testid={props.testid}>
      <span class="al-field-label" aria-hidden="true">
        {props.label}
      </span>
      <div class="al-chip-list">
        {props.on.map((v, k) => (
          <button
            key={k}
            type="button"
            class={`al-toggle-chip${v ? ' is-on' : ''}`}
            aria-pressed={v ? 'true' : 'false'}
            aria-label={`${props.label.replace(/s$/, '')} ${k + 1}`}
            onClick={() => {
              const next = props.on.map((x, m) => (m === k ? !x : x));
              props.onChange(next.some(Boolean) ? next : props.on);
            }}
          >
            {k + 1}
          </button>
        ))}
      </div>
      <button type="button" class="al-btn al-btn-small" disabled={all} onClick={() => props.onChange(props.on.map(() => true))}>
        All
      </button>
    </div>
  );
}

export function ModelView(props: ModelViewProps) {
  const { view, theme } = props;
  const { numLayers, numHeads } = view.result;
  const rootRef = useRef<HTMLElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const width = useViewWidth(rootRef, 600);
  const [layersOn, setLayersOn] = useState<boolean[]>(() => Array(numLayers).fill(true));
  const [headsOn, setHeadsOn] = useState<boolean[]>(() => Array(numHeads).fill(true));
  const [open, setOpen] = useState<{ layer: number; head: number } | null>(null);
  const [cursor, setCursor] = useState({ r: 0, c: 0 });
  const layers = useMemo(() => layersOn.map((v, k) => (v ? k : -1)).filter((k) => k >= 0), [layersOn]);
  const heads = useMemo(() => headsOn.map((v, k) => (v ? k : -1)).filter((k) => k >= 0), [headsOn]);
  const labelW = props.compact ? 52 : 60;
  const gap = 4;
  const size = Math.max(24, Math.min(120, Math.floor((width - labelW - gap * heads.length - 2) / Math.max(1, heads.length))));
  const lut = useMemo(() => heatLut(theme), [theme]);

  const canvasRef = useRef<HTMLCanvasElement>(null);
  const areaW = heads.length * size + (heads.length - 1) * gap;
  const areaH = layers.length * size + (layers.length - 1) * gap;
  // Paint every cached thumbnail at once; pool missing ones within a frame budget and stream the rest in over
  // the next frames, so the grid never blocks the page for long (the panel also pre-pools in idle time).
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const root = rootRef.current;
    if (!canvas || open) return;
    const t0 = performance.now();
    const tiles: Tile[] = [];
    const keys: [number, number][] = [];
    layers.forEach((l, r) =>
      heads.forEach((h, c) => {
        tiles.push({ pooled: cachedHead(view, l, h), x: c * (size + gap), y: r * (size + gap), size });
        keys.push([l, h]);
      }),
    );
    const fill = (budgetMs: number): Tile[] => {
      const start = performance.now();
      const done: Tile[] = [];
      for (let k = 0; k < tiles.length && performance.now() - start < budgetMs; k++) {
        if (tiles[k].pooled) continue;
        tiles[k].pooled = pooledHead(view, keys[k][0], keys[k][1]);
        done.push(tiles[k]);
      }
      return done;
    };
    fill(FIRST_FRAME_BUDGET_MS);
    paintTiles(canvas, areaW, areaH, tiles, lut);
    root?.setAttribute('data-draw-ms', (performance.now() - t0).toFixed(1));
    root?.removeAttribute('data-complete-at');
    let first = true;
    let raf = requestAnimationFrame(function next() {
      if (first) root?.setAttribute('data-painted-at', performance.now().toFixed(2));
      first = false;
      if (tiles.every((t) => t.pooled)) {
        root?.setAttribute('data-complete-at', performance.now().toFixed(2));
        return;
      }
      const done = fill(FRAME_BUDGET_MS);
      paintTiles(canvas, areaW, areaH, done, lut, false);
      raf = requestAnimationFrame(next);
    });
    return () => cancelAnimationFrame(raf);
  }, [view, lut, size, layers, heads, open]);

  useEffect(() => {
    if (!props.exportRef) return;
    if (open) return; // LargeHeatmap registers its own exporter.
    props.exportRef.current = {
      name: 'model-view',
      svg: () => buildModelSvg(canvasRef.current, layers, heads, size, gap, exportColors(rootRef.current)),
    };
  });

  const onGridKey = (e: KeyboardEvent) => {
    let { r, c } = cursor;
    if (e.key === 'ArrowRight') c = Math.min(heads.length - 1, c + 1);
    else if (e.key === 'ArrowLeft') c = Math.max(0, c - 1);
    else if (e.key === 'ArrowDown') r = Math.min(layers.length - 1, r + 1);
    else if (e.key === 'ArrowUp') r = Math.max(0, r - 1);
    else if (e.key === 'Home') c = 0;
    else if (e.key === 'End') c = heads.length - 1;
    else return;
    e.preventDefault();
    setCursor({ r, c });
    gridRef.current?.querySelector<HTMLElement>(`[data-r="${r}"][data-c="${c}"]`)?.focus();
  };

  if (open) {
    return (
      <section class="al-model" data-testid="model-view" ref={rootRef}>
        <LargeHeatmap
          view={view}
          layer={open.layer}
          head={open.head}
          theme={theme}
          compact={props.compact}
          exportRef={props.exportRef}
          onClose={() => setOpen(null)}
          onNavigate={(layer, head) => setOpen({ layer, head })}
          onOpenHead={props.onOpenHead}
        />
      </section>
    );
  }

  const cur = { r: Math.min(cursor.r, layers.length - 1), c: Math.min(cursor.c, heads.length - 1) };
  return (
    <section class="al-model" data-testid="model-view" ref={rootRef}>
      <div class="al-mv-filters">
        <Chips label="Layers" count={numLayers} on={layersOn} onChange={setLayersOn} testid="model-layers" />
        <Chips label="Heads" count={numHeads} on={headsOn} onChange={setHeadsOn} testid="model-heads" />
      </div>
      <div
        class="al-mv-grid"
        ref={gridRef}
        role="grid"
        aria-label="Attention maps, one per layer and head. Arrow keys move, Enter opens."
        style={{ gridTemplateColumns: `${labelW}px repeat(${heads.length}, ${size}px)`, gap: `${gap}px` }}
        onKeyDown={onGridKey}
      >
        <div role="row" class="al-mv-row">
          <div role="columnheader" class="al-mv-corner" style={{ gridRow: '1', gridColumn: '1' }} />
          {heads.map((h, c) => (
            <div key={h} role="columnheader" class={`al-mv-collabel${size < 56 ? ' is-narrow' : ''}`} style={{ gridRow: '1', gridColumn: String(c + 2) }}>
              <span class="al-mv-word">Head</span> <span>{h + 1}</span>
            </div>
          ))}
        </div>
        <canvas
          ref={canvasRef}
          class="al-mv-canvas"
          data-testid="model-canvas"
          aria-hidden="true"
          style={{ gridRow: `2 / span ${layers.length}`, gridColumn: `2 / span ${heads.length}`, width: `${areaW}px`, height: `${areaH}px` }}
        />
        {layers.map((l, r) => (
          <div key={l} role="row" class="al-mv-row">
            <div role="rowheader" class="al-mv-rowlabel" style={{ gridRow: String(r + 2), gridColumn: '1' }}>
              {`Layer ${l + 1}`}
            </div>
            {heads.map((h, c) => (
              <button
                key={h}
                type="button"
                role="gridcell"
                class="al-thumb"
                data-testid="model-thumb"
                data-layer={l}
                data-head={h}
                data-r={r}
                data-c={c}
                tabIndex={r === cur.r && c === cur.c ? 0 : -1}
                aria-label={`Layer ${l + 1}, head ${h + 1}. Open large.`}
                title={`Layer ${l + 1} · Head ${h + 1}`}
                style={{ gridRow: String(r + 2), gridColumn: String(c + 2), width: `${size}px`, height: `${size}px` }}
                onClick={() => {
                  setCursor({ r, c });
                  setOpen({ layer: l, head: h });
                }}
              />
            ))}
          </div>
        ))}
      </div>
      <p class="al-hint">Each map is one head: rows attend (from), columns are attended (to); colour is relative to the head’s strongest weight. Click a map to open it.</p>
    </section>
  );
}
