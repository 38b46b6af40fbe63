// Head statistics of a whole page, accumulated window by window as running sums: memory does not grow with the
// page, and the totals equal the statistics of all windows' rows taken together (head-stats.ts matrixStats's
// averaging rule, head-roles.ts offsetProfile's). One pass over each head's matrix computes every statistic, and
// optionally pools the same rows onto a fixed grid (pooled-maps.ts), so a 512-token window of bert-base is read once.
import type { HeadStat } from './head-stats';
import { MAX_OFFSET } from './head-roles';
import type { RunningPooledMaps } from './pooled-maps';

const OFFSETS = 2 * MAX_OFFSET + 1;
// Per head: the sums of the eight statistics, then the offset profile's sums.
const ENT = 0;
const DIST = 1;
const CLS = 2;
const SEP = 3;
const SELF = 4;
const PREV = 5;
const NEXT = 6;
const WORD = 7;
const OFF = 8;
const SLOT = OFF + OFFSETS;

export interface WindowInput {
  /** [layer][head][n][n] for this window; or give `layers`. */
  attentions?: ArrayLike<number>;
  /** One [head][n][n] array per layer (session outputs as they come, no packing copy). */
  layers?: readonly ArrayLike<number>[];
  n: number;
  /** Query rows to include (e.g. not [CLS]/[SEP]). */
  rows: readonly boolean[];
  cls: readonly number[];
  sep: readonly number[];
  /** Word index per token (−1 for specials); the pieces of a word are consecutive tokens. */
  words: readonly number[];
}

/** What one window adds to the counts each statistic is averaged over (the same for every head). */
interface Counts {
  rows: number;
  prev: number;
  next: number;
  word: number;
  offsets: Float64Array;
}

export class RunningHeadStats {
  private readonly sums: Float64Array;
  private readonly counts: Counts = { rows: 0, prev: 0, next: 0, word: 0, offsets: new Float64Array(OFFSETS) };
  windows = 0;
  tokens = 0;
  /** Whether any averaged row belongs to a word of several pieces. */
  splitWords = false;

  constructor(
    readonly numLayers: number,
    readonly numHeads: number,
  ) {
    this.sums = new Float64Array(numLayers * numHeads * SLOT);
  }

  /** Adds one window's rows; with `pooled`, the same pass pools every head's map onto its grid. */
  add(w: WindowInput, pooled?: RunningPooledMaps): void {
    const { n } = w;
    const H = this.numHeads;
    const ctx = windowContext(w);
    const c = this.counts;
    c.rows += ctx.counts.rows;
    c.prev += ctx.counts.prev;
    c.next += ctx.counts.next;
    c.word += ctx.counts.word;
    for (let t = 0; t < OFFSETS; t++) c.offsets[t] += ctx.counts.offsets[t];
    if (ctx.counts.word > 0) this.splitWords = true;
    const block = n * n;
    for (let l = 0; l < this.numLayers; l++) {
      const data = w.layers ? w.layers[l] : (w.attentions as ArrayLike<number>);
      const base = w.layers ? 0 : l * H * block;
      if (data.length < base + H * block) throw new Error(`layer ${l}: expected ${H} × ${n} × ${n} values, got ${data.length - base}`);
      for (let h = 0; h < H; h++) {
        headPass(data, base + h * block, n, ctx, this.sums, (l * H + h) * SLOT, pooled?.cellSums(l, h) ?? null, pooled?.binsFor(n) ?? null);
      }
    }
    pooled?.windowAdded();
    this.windows++;
    this.tokens += n;
  }

  /** The statistics so far, one per (layer, head), layer-major (as headStats). */
  result(): Array<HeadStat & { offsets: number[]; rows: number }> {
    const mean = (s: number, k: number) => (k > 0 ? s / k : 0);
    const c = this.counts;
    const out: Array<HeadStat & { offsets: number[]; rows: number }> = [];
    for (let k = 0; k < this.numLayers * this.numHeads; k++) {
      const s = this.sums.subarray(k * SLOT, (k + 1) * SLOT);
      out.push({
        layer: Math.floor(k / this.numHeads),
        head: k % this.numHeads,
        entropy: mean(s[ENT], c.rows),
        meanDistance: mean(s[DIST], c.rows),
        clsMass: mean(s[CLS], c.rows),
        sepMass: mean(s[SEP], c.rows),
        selfMass: mean(s[SELF], c.rows),
        prevMass: mean(s[PREV], c.prev),
        nextMass: mean(s[NEXT], c.next),
        wordMass: mean(s[WORD], c.word),
        offsets: Array.from({ length: OFFSETS }, (_, t) => mean(s[OFF + t], c.offsets[t])),
        rows: c.rows,
      });
    }
    return out;
  }
}

interface Context {
  rows: Uint8Array;
  cls: Int32Array;
  sep: Int32Array;
  /** The other pieces of token i's word are [wordFrom[i], wordTo[i]) minus i; wordTo − wordFrom ≤ 1: none. */
  wordFrom: Int32Array;
  wordTo: Int32Array;
  counts: Counts;
}

/** Rows, [CLS]/[SEP] keys, word ranges and this window's counts (matrixStats's averaging rule). */
function windowContext(w: WindowInput): Context {
  const { n, words } = w;
  const rows = Uint8Array.from({ length: n }, (_, i) => (w.rows[i] ? 1 : 0));
  const wordFrom = new Int32Array(n);
  const wordTo = new Int32Array(n);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    if ((words[i] ?? -1) >= 0) while (j < n && words[j] === words[i]) j++;
    for (let k = i; k < j; k++) {
      wordFrom[k] = i;
      wordTo[k] = j;
    }
    i = j;
  }
  const counts: Counts = { rows: 0, prev: 0, next: 0, word: 0, offsets: new Float64Array(OFFSETS) };
  for (let i = 0; i < n; i++) {
    if (!rows[i]) continue;
    counts.rows++;
    if (i >= 1) counts.prev++;
    if (i <= n - 2) counts.next++;
    if (wordTo[i] - wordFrom[i] > 1) counts.word++;
    for (let k = -MAX_OFFSET; k <= MAX_OFFSET; k++) if (i + k >= 0 && i + k < n) counts.offsets[k + MAX_OFFSET]++;
  }
  const keys = (list: readonly number[]) => Int32Array.from(list.filter((j) => j >= 0 && j < n));
  return { rows, cls: keys(w.cls), sep: keys(w.sep), wordFrom, wordTo, counts };
}

/**
 * One head's n×n matrix at data[base…]: adds the selected rows' statistic sums into sums[at…] and, when `cells`
 * is given, every row's pooled block sums (bins: pooled-maps.ts). One read of the matrix.
 */
function headPass(data: ArrayLike<number>, base: number, n: number, ctx: Context, sums: Float64Array, at: number, cells: Float64Array | null, bins: PoolBins | null): void {
  const { rows, cls, sep, wordFrom, wordTo } = ctx;
  let ent = 0;
  let dist = 0;
  let clsSum = 0;
  let sepSum = 0;
  let self = 0;
  let prev = 0;
  let next = 0;
  let word = 0;
  const off = at + OFF;
  for (let i = 0; i < n; i++) {
    const o = base + i * n;
    if (cells && bins) poolRow(data, o, i, cells, bins);
    if (!rows[i]) continue;
    let e = 0;
    let d = 0;
    for (let j = 0; j < i; j++) {
      const v = data[o + j];
      if (v > 0) e -= v * Math.log(v);
      d += v * (i - j);
    }
    for (let j = i; j < n; j++) {
      const v = data[o + j];
      if (v > 0) e -= v * Math.log(v);
      d += v * (j - i);
    }
    ent += e;
    dist += d;
    for (let k = 0; k < cls.length; k++) clsSum += data[o + cls[k]];
    for (let k = 0; k < sep.length; k++) sepSum += data[o + sep[k]];
    self += data[o + i];
    if (i >= 1) prev += data[o + i - 1];
    if (i <= n - 2) next += data[o + i + 1];
    const wf = wordFrom[i];
    const wt = wordTo[i];
    if (wt - wf > 1) for (let k = wf; k < wt; k++) if (k !== i) word += data[o + k];
    const lo = Math.max(-MAX_OFFSET, -i);
    const hi = Math.min(MAX_OFFSET, n - 1 - i);
    for (let k = lo; k <= hi; k++) sums[off + k + MAX_OFFSET] += data[o + i + k];
  }
  sums[at + ENT] += ent;
  sums[at + DIST] += dist;
  sums[at + CLS] += clsSum;
  sums[at + SEP] += sepSum;
  sums[at + SELF] += self;
  sums[at + PREV] += prev;
  sums[at + NEXT] += next;
  sums[at + WORD] += word;
}

/** Grid bins of one window length: the grid cells row/column i falls in, and each cell's column range. */
export interface PoolBins {
  grid: number;
  /** Per token i, the first and one-past-last grid row it feeds (several when n < grid). */
  rowFrom: Int32Array;
  rowTo: Int32Array;
  /** Per grid column b, its token range [colStart[b], colStart[b + 1]) — or [colFrom[b], colTo[b]) when n < grid. */
  colFrom: Int32Array;
  colTo: Int32Array;
  /** 1 / (rows × columns) of each grid cell's block. */
  cellWeight: Float64Array;
}

/** Adds row i's block sums (times each cell's weight: the cell ends as the block mean) into the grid. */
function poolRow(data: ArrayLike<number>, o: number, i: number, cells: Float64Array, bins: PoolBins): void {
  const G = bins.grid;
  for (let a = bins.rowFrom[i]; a < bins.rowTo[i]; a++) {
    const ro = a * G;
    for (let b = 0; b < G; b++) {
      let s = 0;
      const end = o + bins.colTo[b];
      for (let k = o + bins.colFrom[b]; k < end; k++) s += data[k];
      cells[ro + b] += s * bins.cellWeight[ro + b];
    }
  }
}
