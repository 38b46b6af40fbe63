// Compare mode (the Compare tab): two analyses A and B. B is run by the surface (ViewProps.compare: an edited copy of
// the text, another text, this text under another model, or the masked input of a probe). When the tokenizations
// match: the heads that changed most (mean JS divergence of the rows, first entry focusable) and a grid of A − B per
// head (diverging colours, like the model view; click to enlarge A, B and A − B). When they do not: the same over the
// words both texts share, with the word alignment shown.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HeadChange } from '../../core/attention/compare';
import type { WordLink } from '../../core/attention/word-alignment';
import { Legend } from '../components/Legend';
import { Meter } from '../components/Meter';
import { fmtInt, fmtWeight } from '../lib/format';
import { useViewWidth } from '../lib/hooks';
import { exportColors } from '../lib/svg';
import { matrixTsv, tsvRows } from '../lib/tsv';
import { buildModelSvg } from '../model-view/model-svg';
import { paintTiles, type Tile } from '../model-view/thumbnail';
import { gridCellSize, ThumbnailGrid, type GridCursor } from '../model-view/ThumbnailGrid';
import type { CompareProps } from '../research';
import type { ViewProps } from '../view-props';
import { comparePair, fmtBits, poolSigned, type ComparePair, type PairDiff } from './compare-model';
import { CompareSetup } from './CompareSetup';
import { DiffLarge, unitSigned, useDivergingLut } from './DiffLarge';
import './compare.css';
import { t, type MessageKey } from '../../shared/i18n';

const GAP = 4;
const TOP = 8;
const POOL = 64;

export function CompareView(props: ViewProps) {
  const c = props.compare;
  if (!c) {
    return (
      <section class="al-compare al-empty" data-testid="compare-view" data-state="unavailable" aria-label={t('tab_compare')}>
        <h3>{t('cmp_unavailable_title')}</h3>
        <p>{t('cmp_unavailable_text')}</p>
      </section>
    );
  }
  return <CompareExplorer {...props} compare={c} />;
}

function excerpt(text: string, max = 90): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function CompareExplorer(props: ViewProps & { compare: CompareProps }) {
  const c = props.compare;
  const { hideSpecial, wordMode } = props.view.options;
  const diff = useMemo(() => c.pair && comparePair(c.pair, { hideSpecial, wordMode }), [c.pair, hideSpecial, wordMode]);
  const [open, setOpen] = useState<{ layer: number; head: number } | null>(null);
  useEffect(() => setOpen(null), [diff]);
  const run = c.run;
  return (
    <section class="al-compare" data-testid="compare-view" data-mode={diff?.mode ?? 'none'} aria-label={t('tab_compare')}>
      <CompareSetup compare={c} />
      {run.kind === 'working' && (
        <p class="al-cmp-status" role="status" data-testid="compare-working">
          <span class="al-probe-spinner" aria-hidden="true" />
          {run.stage ? t('cmp_running_stage', run.stage) : t('cmp_running_b')}
        </p>
      )}
      {run.kind === 'error' && (
        <p class="al-cmp-status is-error" role="alert" data-testid="compare-error">
          {t('cmp_failed', run.message)}
        </p>
      )}
      {diff && c.pair ? (
        <CompareResult {...props} diff={diff} pair={c.pair} open={open} onOpen={setOpen} />
      ) : (
        run.kind === 'none' && (
          <p class="al-hint" data-testid="compare-empty">
            {t('cmp_empty')}
          </p>
        )
      )}
    </section>
  );
}

function CompareResult(
  props: ViewProps & {
    diff: PairDiff;
    pair: ComparePair;
    open: { layer: number; head: number } | null;
    onOpen: (o: { layer: number; head: number } | null) => void;
  },
) {
  const { diff, pair, open, theme } = props;
  const { numLayers, numHeads } = pair.a;
  const rootRef = useRef<HTMLDivElement>(null);
  const refocus = useRef<{ layer: number; head: number } | null>(null);
  // Leaving an enlarged head puts focus back on its cell.
  useEffect(() => {
    if (open || !refocus.current) return;
    const { layer, head } = refocus.current;
    refocus.current = null;
    rootRef.current?.querySelector<HTMLElement>(`[data-testid="compare-cell"][data-layer="${layer}"][data-head="${head}"]`)?.focus({ preventScroll: true });
  }, [open]);

  useEffect(() => {
    if (open) {
      props.copyRef.current = {
        what: t('cmp_copy_large', open.layer + 1, open.head + 1),
        tsv: () => matrixTsv(diff.names, diff.names, diff.diff(open.layer, open.head), t('cmp_corner')),
      };
      return;
    }
    props.copyRef.current = diff.changes.length
      ? {
          what: t('cmp_copy_ranking', diff.changes.length),
          tsv: () =>
            tsvRows([
              [t('cmp_col_rank'), t('mv_col_layer'), t('mv_col_head'), t('cmp_col_js'), t('cmp_col_largest')],
              ...diff.changes.map((h, k) => [k + 1, h.layer + 1, h.head + 1, h.divergence, h.maxAbsDiff]),
            ]),
        }
      : null;
  });

  const openHead = (layer: number, head: number) => props.onOpen({ layer, head });
  return (
    <div class="al-cmp-result" ref={rootRef} data-testid="compare-result">
      <Summary diff={diff} pair={pair} />
      {diff.links && <Alignment links={diff.links} wordsA={diff.wordsA} wordsB={diff.wordsB} />}
      {!diff.sameShape && (
        <p class="al-notice" data-testid="compare-shape-note">
          {t('cmp_shape_note', pair.a.numLayers, pair.a.numHeads, pair.b.numLayers, pair.b.numHeads)}
        </p>
      )}
      {diff.sameShape && diff.m === 0 && <p class="al-notice">{t('cmp_no_shared')}</p>}
      {diff.sameShape &&
        diff.m > 0 &&
        (open ? (
          <DiffLarge
            diff={diff}
            pair={pair}
            layer={open.layer}
            head={open.head}
            theme={theme}
            compact={props.compact}
            table={props.table}
            exportRef={props.exportRef}
            onClose={() => {
              refocus.current = open;
              props.onOpen(null);
            }}
            onNavigate={openHead}
            onOpenHead={props.onOpenHead}
          />
        ) : (
          <>
            <Ranked changes={diff.changes} onOpen={openHead} />
            <DiffGrid
              diff={diff}
              numLayers={numLayers}
              numHeads={numHeads}
              theme={theme}
              compact={props.compact}
              exportRef={props.exportRef}
              onOpen={openHead}
            />
          </>
        ))}
    </div>
  );
}

function Summary(props: { diff: PairDiff; pair: ComparePair }) {
  const { diff, pair } = props;
  const edited = diff.changedRows.map((r) => diff.names[r]);
  return (
    <div class="al-cmp-summary" data-testid="compare-summary">
      <p class="al-cmp-side-line">
        <span class="al-cmp-tag">A</span>
        <span class="al-cmp-label">{pair.labelA}</span>
        <span class="al-cmp-excerpt">{`${pair.a.modelId} · “${excerpt(pair.a.text)}”`}</span>
      </p>
      <p class="al-cmp-side-line">
        <span class="al-cmp-tag is-b">B</span>
        <span class="al-cmp-label">{pair.labelB}</span>
        <span class="al-cmp-excerpt">{`${pair.b.modelId} · “${excerpt(pair.b.text)}”`}</span>
      </p>
      <p class="al-caption-sub" data-testid="compare-mode-note">
        {diff.mode === 'tokens'
          ? t(
              pair.a.seqLen === diff.m ? 'cmp_same_tokens' : 'cmp_same_view_tokens',
              fmtInt(diff.m),
              edited.length ? t(edited.length === 1 ? 'cmp_edited_one' : 'cmp_edited_many', edited.join(t('list_separator'))) : '',
            )
          : t('cmp_words_differ', fmtInt(pair.a.seqLen), fmtInt(pair.b.seqLen), fmtInt(diff.m))}
      </p>
    </div>
  );
}

const LINK_TEXT: Record<WordLink['kind'], MessageKey> = {
  same: 'cmp_link_same',
  changed: 'cmp_link_changed',
  'only-a': 'cmp_link_only_a',
  'only-b': 'cmp_link_only_b',
};

/** Which word of A maps to which word of B. */
function Alignment(props: { links: WordLink[]; wordsA: string[]; wordsB: string[] }) {
  const { links, wordsA, wordsB } = props;
  const counts = links.reduce<Record<string, number>>((acc, l) => ((acc[l.kind] = (acc[l.kind] ?? 0) + 1), acc), {});
  return (
    <details class="al-cmp-align-wrap" open data-testid="compare-alignment">
      <summary>{t('cmp_alignment', counts.same ?? 0, counts.changed ?? 0, counts['only-a'] ?? 0, counts['only-b'] ?? 0)}</summary>
      <ol class="al-cmp-align" aria-label={t('cmp_alignment_label')}>
        {links.map((l, k) => (
          <li key={k} class={`al-cmp-link is-${l.kind}`} data-testid="compare-link" data-kind={l.kind}>
            <span class="al-cmp-word">{l.a !== null ? wordsA[l.a] : '—'}</span>
            <span class="al-cmp-arrow" aria-hidden="true">
              {l.kind === 'same' ? '=' : l.kind === 'changed' ? '→' : l.kind === 'only-a' ? '−' : '+'}
            </span>
            <span class="al-cmp-word">{l.b !== null ? wordsB[l.b] : '—'}</span>
            <span class="al-sr">{t('cmp_link_sr', t(LINK_TEXT[l.kind]))}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}

/** "Heads that changed most": the top of the ranking; one tab stop (the first entry), arrow keys move. */
function Ranked(props: { changes: HeadChange[]; onOpen: (layer: number, head: number) => void }) {
  // Heads that did not change at all (divergence 0) are not "changed most".
  const top = props.changes.filter((h) => h.divergence > 1e-9).slice(0, TOP);
  const titleId = `al-cmp-ranked-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const listRef = useRef<HTMLOListElement>(null);
  const [cursor, setCursor] = useState(0);
  const maxDiv = Math.max(1e-9, top[0]?.divergence ?? 0);
  const move = (k: number) => {
    const next = Math.max(0, Math.min(top.length - 1, k));
    setCursor(next);
    listRef.current?.querySelector<HTMLElement>(`[data-rank="${next + 1}"]`)?.focus();
  };
  if (!top.length) {
    return (
      <p class="al-caption-sub" data-testid="compare-unchanged">
        {t('cmp_unchanged')}
      </p>
    );
  }
  return (
    <div class="al-cmp-ranked-wrap">
      <h3 class="al-cmp-h" id={titleId}>
        {t('cmp_changed_most')}
      </h3>
      <ol
        class="al-cmp-ranked"
        ref={listRef}
        aria-labelledby={titleId}
        data-testid="compare-ranked"
        onKeyDown={(e) => {
          const k = { ArrowDown: cursor + 1, ArrowRight: cursor + 1, ArrowUp: cursor - 1, ArrowLeft: cursor - 1, Home: 0, End: top.length - 1 }[e.key];
          if (k === undefined) return;
          e.preventDefault();
          move(k);
        }}
      >
        {top.map((h, k) => (
          <li key={`${h.layer}-${h.head}`}>
            <button
              type="button"
              class="al-cmp-rank-btn"
              data-testid="compare-ranked-item"
              data-rank={k + 1}
              data-layer={h.layer}
              data-head={h.head}
              data-divergence={h.divergence.toFixed(6)}
              tabIndex={k === cursor ? 0 : -1}
              onFocus={() => setCursor(k)}
              onClick={() => props.onOpen(h.layer, h.head)}
            >
              <span class="al-cmp-rank">{k + 1}</span>
              <span class="al-cmp-head">{t('cmp_rank_head', h.layer + 1, h.head + 1)}</span>
              <Meter value={h.divergence / maxDiv} min={2} />
              <span class="al-cmp-value">{t('cmp_bits', fmtBits(h.divergence))}</span>
              <span class="al-sr">{t('cmp_rank_sr', h.layer + 1, h.head + 1, fmtWeight(h.maxAbsDiff))}</span>
            </button>
          </li>
        ))}
      </ol>
      <p class="al-caption-sub">{t('cmp_js_note')}</p>
    </div>
  );
}

function DiffGrid(props: {
  diff: PairDiff;
  numLayers: number;
  numHeads: number;
  theme: ViewProps['theme'];
  compact?: boolean;
  exportRef: ViewProps['exportRef'];
  onOpen: (layer: number, head: number) => void;
}) {
  const { diff, numLayers, numHeads } = props;
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useViewWidth(rootRef, 600);
  const [cursor, setCursor] = useState<GridCursor>({ r: 0, c: 0 });
  const layers = useMemo(() => Array.from({ length: numLayers }, (_, l) => l), [numLayers]);
  const heads = useMemo(() => Array.from({ length: numHeads }, (_, h) => h), [numHeads]);
  const labelW = props.compact ? 52 : 60;
  const size = gridCellSize(width, labelW, numHeads, GAP, 110);
  const areaW = numHeads * size + (numHeads - 1) * GAP;
  const areaH = numLayers * size + (numLayers - 1) * GAP;
  const { lut, interp } = useDivergingLut(props.theme);
  const max = diff.maxAbs || 1;
  const rankOf = useMemo(() => new Map(diff.changes.map((c, k) => [c.layer * numHeads + c.head, { rank: k + 1, c }])), [diff, numHeads]);
  const tiles = useMemo<Tile[]>(() => {
    const p = Math.min(diff.m, POOL);
    return layers.flatMap((l, r) =>
      heads.map((h, c) => ({
        pooled: { p, values: unitSigned(poolSigned(diff.diff(l, h), diff.m, p), max), max: 1 },
        x: c * (size + GAP),
        y: r * (size + GAP),
        size,
      })),
    );
  }, [diff, layers, heads, size, max]);
  useLayoutEffect(() => {
    if (canvasRef.current) paintTiles(canvasRef.current, areaW, areaH, tiles, lut);
  }, [tiles, lut, areaW, areaH]);
  useEffect(() => {
    props.exportRef.current = {
      name: 'compare-heads',
      svg: () => buildModelSvg(canvasRef.current, layers, heads, size, GAP, exportColors(rootRef.current), t('cmp_svg_title')),
    };
  });
  const info = (l: number, h: number) => rankOf.get(l * numHeads + h);
  return (
    <div class="al-cmp-grid" ref={rootRef} data-testid="compare-grid">
      <div class="al-cmp-grid-head">
        <h3 class="al-cmp-h">{t('cmp_per_head')}</h3>
        <Legend min={-max} max={max} interpolate={interp} width={props.compact ? 180 : 220} label={t('cmp_legend')} />
      </div>
      <ThumbnailGrid
        layers={layers}
        heads={heads}
        size={size}
        gap={GAP}
        labelW={labelW}
        canvasRef={canvasRef}
        areaW={areaW}
        areaH={areaH}
        cursor={cursor}
        onCursor={setCursor}
        onOpen={props.onOpen}
        testid="compare-cell"
        label={t('cmp_grid_label')}
        cellLabel={(l, h) => {
          const r = info(l, h);
          return r ? t('cmp_cell_label_rank', l + 1, h + 1, r.rank, fmtBits(r.c.divergence)) : t('cmp_cell_label', l + 1, h + 1);
        }}
        cellTitle={(l, h) => {
          const r = info(l, h);
          return r ? t('cmp_cell_title_rank', l + 1, h + 1, r.rank, fmtBits(r.c.divergence), fmtWeight(r.c.maxAbsDiff)) : t('mv_cell_title', l + 1, h + 1);
        }}
        badge={(l, h) => {
          const r = info(l, h);
          return r && r.rank <= 3 && r.c.divergence > 0 ? `#${r.rank}` : null;
        }}
      />
      <p class="al-hint">{t('cmp_grid_hint')}</p>
    </div>
  );
}
