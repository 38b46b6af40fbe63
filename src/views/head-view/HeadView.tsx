// BertViz-style head view: tokens on the left attend to tokens on the right; one colour per head,
// line opacity ~ weight. Hover a token for its lines, click to lock and read the weights, Escape unlocks.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { linkHorizontal } from 'd3';
import { headColors, type ResolvedTheme } from '../lib/colors';
import { fmtInt, fmtWeight } from '../lib/format';
import { useViewWidth } from '../lib/hooks';
import { exportColors } from '../lib/svg';
import type { AttentionView } from '../lib/view-model';
import type { ExportRef } from '../types';
import { drawEdgesCanvas } from './draw-canvas';
import { edgeEnds, headGeometry } from './geometry';
import { HeadSwatches } from './HeadSwatches';
import { buildHeadSvg } from './head-svg';
import { edgeOpacity, LINE_CAP, visibleEdges, type HeadFocus, type PairFilter } from './lines';
import { cachedPruneIndex, layersByDistance, prefetchPruneIndexes } from './prune-cache';
import { defaultMass, thresholdsFor } from './prune-index';
import { TokenColumn } from './TokenColumn';

export interface HeadViewProps {
  view: AttentionView;
  layer: number;
  selectedHeads: boolean[];
  onSelectedHeads: (sel: boolean[]) => void;
  theme: ResolvedTheme;
  compact?: boolean;
  exportRef?: ExportRef;
}

const PAIR_OPTIONS: { value: PairFilter; label: string; aria: string }[] = [
  { value: 'all', label: 'All', aria: 'All token pairs' },
  { value: 'AA', label: 'A→A', aria: 'Sentence A to sentence A' },
  { value: 'AB', label: 'A→B', aria: 'Sentence A to sentence B' },
  { value: 'BA', label: 'B→A', aria: 'Sentence B to sentence A' },
  { value: 'BB', label: 'B→B', aria: 'Sentence B to sentence B' },
];

const link = linkHorizontal<[[number, number], [number, number]], [number, number]>()
  .source((d) => d[0])
  .target((d) => d[1]);

export function HeadView(props: HeadViewProps) {
  const { view, layer, selectedHeads, onSelectedHeads, theme } = props;
  const n = view.n;
  const rootRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const scrollTop = useRef(0);
  const [viewportH, setViewportH] = useState(props.compact ? 440 : 560);
  const width = useViewWidth(rootRef, 560);
  const [hover, setHover] = useState<HeadFocus>(null);
  const [locked, setLocked] = useState<HeadFocus>(null);
  const [filter, setFilter] = useState<PairFilter>('all');
  const [massOverride, setMassOverride] = useState<number | null>(null);
  const [cursor, setCursor] = useState({ from: 0, to: 0 });

  const colors = useMemo(() => headColors(view.result.numHeads, theme), [view.result.numHeads, theme]);
  const labels = useMemo(() => view.tokens.map((t) => t.vocab), [view]);
  const g = useMemo(() => headGeometry(labels, width - 8, !!props.compact), [labels, width, props.compact]);
  const idx = useMemo(() => cachedPruneIndex(view, layer), [view, layer]);
  // Other layers are indexed in idle time (neighbours first, then while the cache budget lasts) so that
  // stepping or jumping between layers does not block.
  useEffect(() => prefetchPruneIndexes(view, layersByDistance(layer, view.result.numLayers)), [view, layer]);
  const autoMass = useMemo(() => defaultMass(idx), [idx]);
  const mass = massOverride ?? autoMass;
  const thresholds = useMemo(() => thresholdsFor(idx, mass), [idx, mass]);
  const heads = useMemo(() => selectedHeads.map((on, h) => (on ? h : -1)).filter((h) => h >= 0), [selectedHeads]);
  const isPair = useMemo(() => view.tokens.some((t) => t.segment === 1), [view]);
  const pairFilter = isPair ? filter : 'all';
  const focus = locked ?? hover;
  const base = useMemo(() => visibleEdges(view, idx, thresholds, heads, pairFilter, null, LINE_CAP), [view, idx, thresholds, heads, pairFilter]);
  const focusEdges = useMemo(
    () => (focus ? visibleEdges(view, idx, thresholds, heads, pairFilter, focus).edges : null),
    [view, idx, thresholds, heads, pairFilter, focus?.side, focus?.index],
  );
  const edges = focusEdges ?? base.edges;
  const unfocusedCount = base.total;

  // Reset focus when the token set changes.
  useEffect(() => {
    setHover(null);
    setLocked(null);
    setCursor({ from: 0, to: 0 });
  }, [view]);

  // Which labels touch a visible edge while focused (others are dimmed).
  const touched = useMemo(() => {
    if (!focus) return null;
    const left = new Uint8Array(n);
    const right = new Uint8Array(n);
    for (const e of edges) {
      left[e.i] = 1;
      right[e.j] = 1;
    }
    return { left, right };
  }, [edges, focus, n]);

  // Numeric weights (mean over the shown heads) next to the targets of a locked token.
  const weights = useMemo(() => {
    if (!locked || !heads.length) return null;
    const vals = new Float32Array(n);
    const per: Float32Array[] = heads.map(() => new Float32Array(n));
    heads.forEach((h, hk) => {
      const m = idx.matrices[h];
      for (let k = 0; k < n; k++) {
        const w = locked.side === 'from' ? m[locked.index * n + k] : m[k * n + locked.index];
        per[hk][k] = w;
        vals[k] += w / heads.length;
      }
    });
    return { side: locked.side, vals, per };
  }, [locked, heads, idx, n]);

  // Canvas mode: the canvas is sticky inside the scroller and only paints the visible rows.
  const canvasH = Math.min(g.height, viewportH);
  const paint = () => {
    if (g.canvas && canvasRef.current) drawEdgesCanvas(canvasRef.current, g, edgesRef.current, colors, theme === 'dark' ? 'lighter' : 'source-over', Math.min(scrollTop.current, Math.max(0, g.height - canvasH)), canvasH);
    rootRef.current?.setAttribute('data-drawn-at', performance.now().toFixed(2));
  };
  const edgesRef = useRef(edges);
  edgesRef.current = edges;
  useLayoutEffect(paint);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setViewportH((v) => (el.clientHeight > 0 && el.clientHeight !== v ? el.clientHeight : v)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [g.canvas]);
  const frame = useRef(0);
  const onScroll = (e: Event) => {
    scrollTop.current = (e.currentTarget as HTMLElement).scrollTop;
    if (!g.canvas || frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      paint();
    });
  };

  useEffect(() => {
    if (!props.exportRef) return;
    props.exportRef.current = {
      name: `head-view-layer-${layer + 1}`,
      svg: () => buildHeadSvg({ view, layer, g, edges, colors, heads, weights, focus, colorsTheme: exportColors(rootRef.current) }),
    };
  });

  // Stable handlers for the pure token columns; they read the latest state through a ref.
  const live = useRef({ locked, cursor, n });
  live.current = { locked, cursor, n };
  const handlers = useMemo(
    () => ({
      onEnter: (side: 'from' | 'to', index: number) => {
        if (!live.current.locked) setHover({ side, index });
      },
      onPick: (side: 'from' | 'to', index: number) => {
        const { locked: l, cursor: c } = live.current;
        setCursor({ ...c, [side]: index });
        setLocked(l && l.side === side && l.index === index ? null : { side, index });
      },
      onKey: (side: 'from' | 'to', e: KeyboardEvent) => {
        const { cursor: c, n: count, locked: l } = live.current;
        const cur = c[side];
        let next = -1;
        if (e.key === 'ArrowDown') next = Math.min(count - 1, cur + 1);
        else if (e.key === 'ArrowUp') next = Math.max(0, cur - 1);
        else if (e.key === 'Home') next = 0;
        else if (e.key === 'End') next = count - 1;
        else if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          setLocked(l && l.side === side && l.index === cur ? null : { side, index: cur });
          return;
        }
        if (next >= 0) {
          e.preventDefault();
          setCursor({ ...c, [side]: next });
          if (!l) setHover({ side, index: next });
          const col = (side === 'from' ? leftCol : rightCol).current;
          const el = col?.children[next] as HTMLElement | undefined;
          el?.focus({ preventScroll: true });
          el?.scrollIntoView({ block: 'nearest' });
        }
      },
    }),
    [],
  );
  const leftCol = useRef<HTMLDivElement>(null);
  const rightCol = useRef<HTMLDivElement>(null);

  // Hover/lock highlighting straight on the DOM (the columns themselves do not re-render on hover).
  const marked = useRef<Element[]>([]);
  useLayoutEffect(() => {
    for (const el of marked.current) el.classList.remove('is-focus', 'is-touched');
    marked.current = [];
    if (!focus || !touched) return;
    const mark = (col: HTMLDivElement | null, k: number, cls: string) => {
      const el = col?.children[k];
      if (el) {
        el.classList.add(cls);
        marked.current.push(el);
      }
    };
    for (let k = 0; k < n; k++) {
      if (touched.left[k]) mark(leftCol.current, k, 'is-touched');
      if (touched.right[k]) mark(rightCol.current, k, 'is-touched');
    }
    mark(focus.side === 'from' ? leftCol.current : rightCol.current, focus.index, 'is-focus');
  }, [focus?.side, focus?.index, touched, n]);

  const tokenColumn = (side: 'from' | 'to') => (
    <TokenColumn
      tokens={view.tokens}
      side={side}
      rowH={g.rowH}
      fontSize={g.fontSize}
      cursor={cursor[side]}
      locked={locked?.side === side ? locked.index : -1}
      colRef={side === 'from' ? leftCol : rightCol}
      {...handlers}
    />
  );

  const weightColumn = (side: 'from' | 'to') => {
    // Weights sit next to the targets: right gutter when a left ("from") token is locked, left gutter otherwise.
    const show = weights && weights.side !== side;
    return (
      <div class={`al-hv-weights al-hv-weights-${side === 'from' ? 'left' : 'right'}`} aria-hidden={show ? undefined : 'true'}>
        {show
          ? view.tokens.map((t, k) => {
              const v = weights!.vals[k];
              const strong = v >= 0.1;
              return (
                <div
                  key={k}
                  class={`al-hv-weight${strong ? ' is-strong' : ''}`}
                  data-testid="head-weight"
                  style={{ height: `${g.rowH}px`, lineHeight: `${g.rowH}px`, fontSize: `${Math.max(10, g.fontSize - 1)}px` }}
                  aria-label={`${t.label}: ${heads.map((h, hk) => `head ${h + 1} ${fmtWeight(weights!.per[hk][k])}`).join(', ')}`}
                >
                  {v >= 0.005 ? fmtWeight(v).replace(/^0/, '') : ''}
                </div>
              );
            })
          : null}
      </div>
    );
  };

  const massPct = Math.round(mass * 100);
  return (
    <section
      class="al-headview"
      data-testid="head-view"
      data-layer={layer}
      data-render={g.canvas ? 'canvas' : 'svg'}
      data-line-count={edges.length}
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && (locked || hover)) {
          e.preventDefault();
          e.stopPropagation();
          setLocked(null);
          setHover(null);
        }
      }}
    >
      <div class="al-hv-toolbar">
        <HeadSwatches colors={colors} selected={selectedHeads} onChange={onSelectedHeads} />
        <div class="al-hv-toolrow">
          {isPair && (
            <fieldset class="al-seg al-seg-small" data-testid="pair-filter">
              <legend class="al-field-label">Pairs</legend>
              {PAIR_OPTIONS.map((o) => (
                <label key={o.value} class="al-seg-item">
                  <input type="radio" name={`al-pair-${layer}`} value={o.value} checked={pairFilter === o.value} onChange={() => setFilter(o.value)} aria-label={o.aria} />
                  <span class="al-seg-text">{o.label}</span>
                </label>
              ))}
            </fieldset>
          )}
          <div class="al-prune">
            <label class="al-field-label" for={`al-prune-${layer}`}>
              Edges
            </label>
            <input
              id={`al-prune-${layer}`}
              type="range"
              min={20}
              max={100}
              step={5}
              value={massPct}
              data-testid="prune-slider"
              aria-valuetext={`Strongest edges covering ${massPct}% of each row`}
              onInput={(e) => setMassOverride(Number((e.currentTarget as HTMLInputElement).value) / 100)}
            />
            <span class="al-prune-text">
              {unfocusedCount > LINE_CAP
                ? `${massPct}% of each row · strongest ${fmtInt(LINE_CAP)} of ${fmtInt(unfocusedCount)} lines`
                : `${massPct}% of each row · ${fmtInt(unfocusedCount)} lines`}
            </span>
            {massOverride !== null && (
              <button type="button" class="al-btn al-btn-small" onClick={() => setMassOverride(null)}>
                Auto
              </button>
            )}
          </div>
        </div>
      </div>
      <div class="al-hv-axis" style={{ width: `${g.totalW}px` }} aria-hidden="true">
        <span style={{ width: `${g.gutter + g.colW}px` }}>from</span>
        <span style={{ width: `${g.midW}px` }} />
        <span style={{ width: `${g.gutter + g.colW}px` }}>to</span>
      </div>
      <div class={`al-hv-scroll${n > 40 ? ' is-tall' : ''}`} ref={scrollRef} onScroll={onScroll} onMouseLeave={() => setHover(null)}>
        <div class={`al-hv-body${focus ? ' has-focus' : ''}`} style={{ width: `${g.totalW}px`, gridTemplateColumns: `${g.gutter}px ${g.colW}px ${g.midW}px ${g.colW}px ${g.gutter}px`, height: `${g.height}px` }}>
          {weightColumn('from')}
          {tokenColumn('from')}
          <div class="al-hv-lines" style={{ width: `${g.midW}px`, height: `${g.height}px` }}>
            {g.canvas ? (
              <canvas ref={canvasRef} data-testid="attn-canvas" class="al-hv-canvas" style={{ width: `${g.midW}px`, height: `${canvasH}px` }} />
            ) : (
              <svg width={g.midW} height={g.height} class={theme === 'dark' ? 'al-blend-dark' : ''} aria-hidden="true">
                {edges.map((e) => {
                  const [x0, y0, x1, y1] = edgeEnds(g, e.i, e.j);
                  return (
                    <path
                      key={`${e.head}-${e.i}-${e.j}`}
                      data-testid="attn-line"
                      data-layer={layer}
                      data-head={e.head}
                      data-from={e.i}
                      data-to={e.j}
                      d={link([[x0, y0], [x1, y1]]) ?? ''}
                      stroke={colors[e.head]}
                      stroke-opacity={edgeOpacity(e.w).toFixed(3)}
                      stroke-width={g.stroke}
                      fill="none"
                    />
                  );
                })}
              </svg>
            )}
          </div>
          {tokenColumn('to')}
          {weightColumn('to')}
        </div>
      </div>
      <p class="al-hint">
        {locked
          ? `Locked on “${view.tokens[locked.index]?.label ?? ''}” (${locked.side === 'from' ? 'attending' : 'attended'}) — numbers are the mean weight over the ${heads.length === 1 ? 'shown head' : `${heads.length} shown heads`}. Press Escape or click it again to unlock.`
          : 'Hover a token to see its lines; click to lock it and show the weights.'}
      </p>
    </section>
  );
}
