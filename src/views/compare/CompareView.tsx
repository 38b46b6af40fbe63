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

const GAP = 4;
const TOP = 8;
const POOL = 64;

export function CompareView(props: ViewProps) {
  const c = props.compare;
  if (!c) {
    return (
      <section class="al-compare al-empty" data-testid="compare-view" data-state="unavailable" aria-label="Compare">
        <h3>Compare needs a second analysis</h3>
        <p>This surface cannot run the model again; open the text in the popup, the side panel or the overlay to compare it.</p>
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
    <section class="al-compare" data-testid="compare-view" data-mode={diff?.mode ?? 'none'} aria-label="Compare">
      <CompareSetup compare={c} />
      {run.kind === 'working' && (
        <p class="al-cmp-status" role="status" data-testid="compare-working">
          <span class="al-probe-spinner" aria-hidden="true" />
          {`Running B${run.stage ? ` — ${run.stage}` : '…'}`}
        </p>
      )}
      {run.kind === 'error' && (
        <p class="al-cmp-status is-error" role="alert" data-testid="compare-error">
          {`B could not be analysed: ${run.message}`}
        </p>
      )}
      {diff && c.pair ? (
        <CompareResult {...props} diff={diff} pair={c.pair} open={open} onOpen={setOpen} />
      ) : (
        run.kind === 'none' && (
          <p class="al-hint" data-testid="compare-empty">
            Run B to see, head by head, how its attention differs from A: the heads that changed most first, then every head as a map of A − B.
          </p>
        )
      )}
    </section>
  );
}

function CompareResult(props: ViewProps & { diff: PairDiff; pair: ComparePair; open: { layer: number; head: number } | null; onOpen: (o: { layer: number; head: number } | null) => void }) {
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
        what: `A − B of layer ${open.layer + 1}, head ${open.head + 1}`,
        tsv: () => matrixTsv(diff.names, diff.names, diff.diff(open.layer, open.head), 'A − B: from ↓ · to →'),
      };
      return;
    }
    props.copyRef.current = diff.changes.length
      ? {
          what: `the ranking of ${diff.changes.length} heads`,
          tsv: () => tsvRows([['Rank', 'Layer', 'Head', 'JS divergence (bits)', 'Largest |A − B|'], ...diff.changes.map((h, k) => [k + 1, h.layer + 1, h.head + 1, h.divergence, h.maxAbsDiff])]),
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
          {`The two models differ in shape (${pair.a.numLayers} × ${pair.a.numHeads} and ${pair.b.numLayers} × ${pair.b.numHeads} heads): there is no head-by-head difference, only the word alignment above.`}
        </p>
      )}
      {diff.sameShape && diff.m === 0 && <p class="al-notice">The two texts share no word: there is nothing to compare head by head.</p>}
      {diff.sameShape && diff.m > 0 &&
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
            <DiffGrid diff={diff} numLayers={numLayers} numHeads={numHeads} theme={theme} compact={props.compact} exportRef={props.exportRef} onOpen={openHead} />
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
          ? `Same tokenization: ${fmtInt(diff.m)} ${pair.a.seqLen === diff.m ? 'tokens' : 'view tokens'} compared position by position${edited.length ? `; ${edited.length === 1 ? 'the edited token’s row is' : 'the rows of the edited tokens are'} left out of the ranking (${edited.join(', ')})` : ''}.`
          : `The tokenizations differ (${fmtInt(pair.a.seqLen)} and ${fmtInt(pair.b.seqLen)} tokens): compared word by word over the ${fmtInt(diff.m)} words both share (rows renormalised), aligned as shown.`}
      </p>
    </div>
  );
}

const LINK_TEXT: Record<WordLink['kind'], string> = { same: 'same', changed: 'changed', 'only-a': 'only in A', 'only-b': 'only in B' };

/** Which word of A maps to which word of B. */
function Alignment(props: { links: WordLink[]; wordsA: string[]; wordsB: string[] }) {
  const { links, wordsA, wordsB } = props;
  const counts = links.reduce<Record<string, number>>((acc, l) => ((acc[l.kind] = (acc[l.kind] ?? 0) + 1), acc), {});
  return (
    <details class="al-cmp-align-wrap" open data-testid="compare-alignment">
      <summary>
        {`Word alignment: ${counts.same ?? 0} same, ${counts.changed ?? 0} changed, ${counts['only-a'] ?? 0} only in A, ${counts['only-b'] ?? 0} only in B`}
      </summary>
      <ol class="al-cmp-align" aria-label="Words of A and the words of B they map to">
        {links.map((l, k) => (
          <li key={k} class={`al-cmp-link is-${l.kind}`} data-testid="compare-link" data-kind={l.kind}>
            <span class="al-cmp-word">{l.a !== null ? wordsA[l.a] : '—'}</span>
            <span class="al-cmp-arrow" aria-hidden="true">
              {l.kind === 'same' ? '=' : l.kind === 'changed' ? '→' : l.kind === 'only-a' ? '−' : '+'}
            </span>
            <span class="al-cmp-word">{l.b !== null ? wordsB[l.b] : '—'}</span>
            <span class="al-sr">{` (${LINK_TEXT[l.kind]})`}</span>
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
        No head changed: every row of A and B is the same distribution.
      </p>
    );
  }
  return (
    <div class="al-cmp-ranked-wrap">
      <h3 class="al-cmp-h" id={titleId}>
        Heads that changed most
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
              <span class="al-cmp-head">{`L${h.layer + 1} · H${h.head + 1}`}</span>
              <Meter value={h.divergence / maxDiv} min={2} />
              <span class="al-cmp-value">{`${fmtBits(h.divergence)} bits`}</span>
              <span class="al-sr">{` — layer ${h.layer + 1}, head ${h.head + 1}, largest change ${fmtWeight(h.maxAbsDiff)}`}</span>
            </button>
          </li>
        ))}
      </ol>
      <p class="al-caption-sub">Mean Jensen–Shannon divergence between A’s and B’s attention rows (0 = the same, 1 bit = nothing in common).</p>
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
      heads.map((h, c) => ({ pooled: { p, values: unitSigned(poolSigned(diff.diff(l, h), diff.m, p), max), max: 1 }, x: c * (size + GAP), y: r * (size + GAP), size })),
    );
  }, [diff, layers, heads, size, max]);
  useLayoutEffect(() => {
    if (canvasRef.current) paintTiles(canvasRef.current, areaW, areaH, tiles, lut);
  }, [tiles, lut, areaW, areaH]);
  useEffect(() => {
    props.exportRef.current = { name: 'compare-heads', svg: () => buildModelSvg(canvasRef.current, layers, heads, size, GAP, exportColors(rootRef.current), 'Compare: A − B per head') };
  });
  const info = (l: number, h: number) => rankOf.get(l * numHeads + h);
  return (
    <div class="al-cmp-grid" ref={rootRef} data-testid="compare-grid">
      <div class="al-cmp-grid-head">
        <h3 class="al-cmp-h">A − B per head</h3>
        <Legend min={-max} max={max} interpolate={interp} width={props.compact ? 180 : 220} label="A − B (orange: more in A, blue: more in B)" />
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
        label="A − B, one map per layer and head. Arrow keys move, Enter opens A, B and A − B."
        cellLabel={(l, h) => {
          const r = info(l, h);
          return `Layer ${l + 1}, head ${h + 1}${r ? `: rank ${r.rank}, ${fmtBits(r.c.divergence)} bits` : ''}. Open A, B and A − B.`;
        }}
        cellTitle={(l, h) => {
          const r = info(l, h);
          return `Layer ${l + 1} · Head ${h + 1}${r ? ` — rank ${r.rank}, ${fmtBits(r.c.divergence)} bits, largest |A − B| ${fmtWeight(r.c.maxAbsDiff)}` : ''}`;
        }}
        badge={(l, h) => {
          const r = info(l, h);
          return r && r.rank <= 3 && r.c.divergence > 0 ? `#${r.rank}` : null;
        }}
      />
      <p class="al-hint">Each map is one head’s A − B (rows attend, columns are attended), on one colour scale for all heads. Click a map to see A, B and A − B large.</p>
    </div>
  );
}
