// One read of an attention matrix: every per-row statistic of head-stats.ts (entropy, mean distance, [CLS]/[SEP],
// self, previous, next, same-word masses) and head-roles.ts's offset profile, and optionally the row's pooled block
// sums (pooled-maps.ts), are taken from each row in a single pass over its values. Typed arrays only, no closure or
// allocation per element or row: matrixStats / headStats (one result) and RunningHeadStats (page profiles) share it.
//
// The row entropy −Σ v·ln v needs a logarithm of every value, and Math.log (a call into V8's C library, ~10–20 ns)
// was most of the statistics' cost. Attention values are float32, so ln v is read from v's bits instead:
// v = 2^e · (1 + f), ln v = e·ln 2 + ln(1 + k/1024) + ln(1 + r), with k the top 10 bits of the mantissa f (a 1,024-
// entry table) and r = (f − k/1024) / (1 + k/1024) < 2⁻¹⁰, whose ln(1 + r) is its series to r³ (error < r⁴/4 < 2⁻⁴²,
// 2.3e-13). A row's entropy (Σ v = 1) moves by less than that: 10⁶ times below the float32 values' own rounding.
// Zeros, subnormals, infinities and NaN take Math.log's path exactly as before (v > 0 only).
import { MAX_OFFSET } from './head-roles';
import { LAYOUT, MAX_BLOCKS, RowScanKernel } from './row-scan-wasm';

export const OFFSETS = 2 * MAX_OFFSET + 1;
// Per head, the sums of the eight statistics, then the offset profile's sums.
export const ENT = 0;
export const DIST = 1;
export const CLS = 2;
export const SEP = 3;
export const SELF = 4;
export const PREV = 5;
export const NEXT = 6;
export const WORD = 7;
export const OFF = 8;
/** Numbers per head in a sums array. */
export const SLOT = OFF + OFFSETS;

const LOW_BITS = 13; // mantissa bits below the table index (23 − 10)
const TABLE = 1 << (23 - LOW_BITS);
const LOW_MASK = (1 << LOW_BITS) - 1;
const LN_TABLE = new Float64Array(TABLE);
const INV_TABLE = new Float64Array(TABLE);
for (let k = 0; k < TABLE; k++) {
  LN_TABLE[k] = Math.log(1 + k / TABLE);
  INV_TABLE[k] = 1 / (1 + k / TABLE);
}
/** (e − 127)·ln 2 per biased float32 exponent e. */
const EXP_LN = Float64Array.from({ length: 256 }, (_, e) => (e - 127) * Math.LN2);
const ULP = 2 ** -23;
const THIRD = 1 / 3;

/** The smallest positive normal float32's bits, and +Infinity's: [MIN_NORMAL, INFINITY) are the positive normal numbers. */
const MIN_NORMAL = 0x00800000;
const INFINITY = 0x7f800000;

/**
 * ln of a positive normal float32 from its bits as an int32 (MIN_NORMAL ≤ u < INFINITY; see the file's comment);
 * callers route every other value to Math.log. Int32 operations only: a uint32 above 2³¹ would make V8 leave its
 * integer fast path (a zero's `(u >>> 23) − 1 >>> 0` did, tripling the pass in Chromium).
 */
export function lnOfBits(u: number): number {
  const m = u & 0x7fffff;
  const k = m >> LOW_BITS;
  const r = (m & LOW_MASK) * ULP * INV_TABLE[k];
  return EXP_LN[u >> 23] + LN_TABLE[k] + r * (1 + r * (-0.5 + r * THIRD));
}

/** The float32 values' bits as int32 (no copy): positive numbers keep their order. */
export function bitsOf(a: Float32Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length);
}

/** Float32Array as is; anything else copied into one (the pass reads float32 bits). */
export function asFloat32(a: ArrayLike<number>): Float32Array {
  return a instanceof Float32Array ? a : Float32Array.from(a);
}

/** What one window (or result) adds to the counts each statistic is averaged over (the same for every head). */
export interface RowCounts {
  rows: number;
  prev: number;
  next: number;
  word: number;
  offsets: Float64Array;
}

/** Which rows are read and which keys count, for matrices of n tokens (built once, used for every head). */
export interface RowContext {
  n: number;
  rows: Uint8Array;
  cls: Int32Array;
  sep: Int32Array;
  /** The pieces of token i's word are pieces[pieceFrom[i] … pieceTo[i]) (token positions, i included); fewer than 2: none. */
  pieceFrom: Int32Array;
  pieceTo: Int32Array;
  pieces: Int32Array;
  counts: RowCounts;
}

/**
 * Rows where rows[i] is true are averaged; cls/sep are key positions (those outside [0, n) are ignored); words[i] is
 * token i's word (−1 or missing: none), its pieces are every position of that word. matrixStats's averaging rule:
 * prev counts rows with i ≥ 1, next rows with i ≤ n − 2, word rows whose word has several pieces, offset k rows with
 * a key i + k.
 */
export function rowContext(n: number, rows: ArrayLike<boolean | number>, cls: readonly number[], sep: readonly number[], words: ArrayLike<number>): RowContext {
  const sel = new Uint8Array(n);
  for (let i = 0; i < n; i++) sel[i] = rows[i] ? 1 : 0;
  // pieces grouped by word: positions sorted by (word, position)
  const order: number[] = [];
  for (let i = 0; i < Math.min(n, words.length); i++) if (words[i] >= 0) order.push(i);
  order.sort((a, b) => words[a] - words[b] || a - b);
  const pieces = Int32Array.from(order);
  const pieceFrom = new Int32Array(n);
  const pieceTo = new Int32Array(n);
  for (let a = 0; a < pieces.length;) {
    let b = a + 1;
    while (b < pieces.length && words[pieces[b]] === words[pieces[a]]) b++;
    for (let c = a; c < b; c++) {
      pieceFrom[pieces[c]] = a;
      pieceTo[pieces[c]] = b;
    }
    a = b;
  }
  const counts: RowCounts = { rows: 0, prev: 0, next: 0, word: 0, offsets: new Float64Array(OFFSETS) };
  for (let i = 0; i < n; i++) {
    if (!sel[i]) continue;
    counts.rows++;
    if (i >= 1) counts.prev++;
    if (i <= n - 2) counts.next++;
    if (pieceTo[i] - pieceFrom[i] > 1) counts.word++;
    for (let k = -MAX_OFFSET; k <= MAX_OFFSET; k++) if (i + k >= 0 && i + k < n) counts.offsets[k + MAX_OFFSET]++;
  }
  const keys = (list: readonly number[]) => Int32Array.from(list.filter((j) => j >= 0 && j < n));
  return { n, rows: sel, cls: keys(cls), sep: keys(sep), pieceFrom, pieceTo, pieces, counts };
}

/** Grid bins of one window length: the grid cells row/column i falls in, and each cell's column range. */
export interface PoolBins {
  grid: number;
  /** Per token i, the first and one-past-last grid row it feeds (several when n < grid). */
  rowFrom: Int32Array;
  rowTo: Int32Array;
  /** Per grid column b, its token range [colFrom[b], colTo[b]). */
  colFrom: Int32Array;
  colTo: Int32Array;
  /** 1 / (rows × columns) of each grid cell's block. */
  cellWeight: Float64Array;
  /** n ≥ grid: the column ranges split [0, n) in order and each row feeds one grid row (the single-pass case). */
  partition: boolean;
}

let scratch = new Float64Array(MAX_BLOCKS);
const WHOLE = new Int32Array(1);

/** The WebAssembly scan (row-scan-wasm.ts), made on first use; null: none here, the JavaScript scan runs. */
let kernel: RowScanKernel | null | undefined;
let wasmWanted = true;

/** Whether the statistics use the WebAssembly scan where it can be made (default) or the JavaScript one (tests). */
export function useWasmScan(on: boolean): void {
  wasmWanted = on;
}

/** Which scan the statistics use here: 'wasm' where WebAssembly could be made, else 'js'. */
export function rowScanKind(): 'wasm' | 'js' {
  return wasmKernel() ? 'wasm' : 'js';
}

function wasmKernel(): RowScanKernel | null {
  if (!wasmWanted) return null;
  if (kernel === undefined) kernel = RowScanKernel.create({ ln: LN_TABLE, inv: INV_TABLE, exp: EXP_LN });
  return kernel;
}

/**
 * One head's n×n matrix at data[base…] (bits: the same values' bits, bitsOf): adds the selected rows' statistic
 * sums into sums[at … at + SLOT) and, when `cells` is given, every row's pooled block sums (each times its cell's
 * weight). Each value is read once (a window shorter than the grid reads its rows twice). Returns false when a row it
 * read holds NaN or ±Infinity (with `cells`, every row is read; without, only the selected ones).
 */
export function headPass(
  data: Float32Array,
  bits: Int32Array,
  base: number,
  ctx: RowContext,
  sums: Float64Array,
  at: number,
  cells: Float64Array | null,
  bins: PoolBins | null,
): boolean {
  const { n, rows, cls, sep, pieceFrom, pieceTo, pieces } = ctx;
  const pool = cells !== null && bins !== null;
  const onePass = pool && bins.partition;
  let colTo: Int32Array = WHOLE;
  let nb = 1;
  if (onePass) {
    colTo = bins.colTo;
    nb = bins.grid;
  } else WHOLE[0] = n;
  if (scratch.length < nb) scratch = new Float64Array(nb);
  let binSums: Float64Array = scratch;
  // the scan of each row in WebAssembly, on a copy of this head's matrix in its memory
  const wasm = nb <= MAX_BLOCKS ? wasmKernel() : null;
  let binsAt = 0;
  if (wasm) {
    wasm.reserve(n);
    wasm.f32.set(data.subarray(base, base + n * n), LAYOUT.data / 4);
    wasm.i32.set(colTo.subarray(0, nb), LAYOUT.colTo / 4);
    binsAt = LAYOUT.bins / 8;
    binSums = wasm.f64;
  }
  const outAt = LAYOUT.out / 8;
  const G = pool ? bins.grid : 0;
  let ent = 0;
  let dist = 0;
  let clsSum = 0;
  let sepSum = 0;
  let self = 0;
  let prev = 0;
  let next = 0;
  let word = 0;
  // the sum of every row read: NaN or ±Infinity anywhere in a row makes it non-finite
  let total = 0;
  const off = at + OFF;
  for (let i = 0; i < n; i++) {
    const o = base + i * n;
    if (!rows[i]) {
      if (!pool) continue;
      if (!onePass) {
        total += poolRow(data, o, i, cells, bins);
        continue;
      }
      if (wasm) {
        wasm.scan(LAYOUT.data + i * n * 4, n, i, nb);
        total += wasm.f64[outAt + 1];
      } else total += sumRow(data, o, colTo, nb, binSums);
    } else {
      const oi = o + i;
      if (wasm) {
        ent += wasm.scan(LAYOUT.data + i * n * 4, n, i, nb);
        dist += wasm.f64[outAt];
        total += wasm.f64[outAt + 1];
      } else {
        ent += scanRow(data, bits, o, oi, colTo, nb, binSums);
        dist += ROW[DIST_OUT];
        total += ROW[TOTAL_OUT];
      }
      for (let c = 0; c < cls.length; c++) clsSum += data[o + cls[c]];
      for (let c = 0; c < sep.length; c++) sepSum += data[o + sep[c]];
      self += data[oi];
      if (i >= 1) prev += data[oi - 1];
      if (i <= n - 2) next += data[oi + 1];
      const pf = pieceFrom[i];
      const pt = pieceTo[i];
      if (pt - pf > 1) for (let c = pf; c < pt; c++) if (pieces[c] !== i) word += data[o + pieces[c]];
      const lo = i < MAX_OFFSET ? -i : -MAX_OFFSET;
      const hi = n - 1 - i < MAX_OFFSET ? n - 1 - i : MAX_OFFSET;
      for (let t = lo; t <= hi; t++) sums[off + t + MAX_OFFSET] += data[oi + t];
      if (pool && !onePass) {
        poolRow(data, o, i, cells, bins);
        continue;
      }
    }
    if (onePass) {
      const ro = bins.rowFrom[i] * G;
      const w = bins.cellWeight;
      for (let b = 0; b < nb; b++) cells[ro + b] += binSums[binsAt + b] * w[ro + b];
    }
  }
  sums[at + ENT] += ent;
  sums[at + DIST] += dist;
  sums[at + CLS] += clsSum;
  sums[at + SEP] += sepSum;
  sums[at + SELF] += self;
  sums[at + PREV] += prev;
  sums[at + NEXT] += next;
  sums[at + WORD] += word;
  return total - total === 0;
}

/** scanRow's other results. */
const ROW = new Float64Array(2);
const DIST_OUT = 0;
const TOTAL_OUT = 1;

/**
 * One statistics row data[o … o + colTo[nb − 1]) read once, in nb consecutive blocks [colTo[b − 1], colTo[b]):
 * binSums[b] = the block's sum; returns −Σ v·ln v; ROW[DIST_OUT] = Σ v·|k − oi| (oi: the query's own key), ROW[TOTAL_OUT]
 * = Σ v. Small functions of their own: V8 optimises them after a few rows with complete type feedback, where one big
 * loop nest was compiled on stack replacement before all its paths had run, then thrown away.
 */
function scanRow(data: Float32Array, bits: Int32Array, o: number, oi: number, colTo: Int32Array, nb: number, binSums: Float64Array): number {
  let e = 0;
  let d = 0;
  let total = 0;
  let k = o;
  for (let b = 0; b < nb; b++) {
    const end = o + colTo[b];
    let s = 0;
    // keys left of the query (distance oi − k), then the rest (k − oi): two loops, no branch on the side
    const mid = end < oi ? end : oi;
    for (; k < mid; k++) {
      const v = data[k];
      s += v;
      d += v * (oi - k);
      const u = bits[k];
      // a positive normal number (negative values have negative bits)
      if (u >= MIN_NORMAL && u < INFINITY) e -= v * lnOfBits(u);
      else if (v > 0) e -= v * Math.log(v);
    }
    for (; k < end; k++) {
      const v = data[k];
      s += v;
      d += v * (k - oi);
      const u = bits[k];
      if (u >= MIN_NORMAL && u < INFINITY) e -= v * lnOfBits(u);
      else if (v > 0) e -= v * Math.log(v);
    }
    binSums[b] = s;
    total += s;
  }
  ROW[DIST_OUT] = d;
  ROW[TOTAL_OUT] = total;
  return e;
}

/** A row that only pools: binSums[b] = the sum of block b (as scanRow); returns the row's sum. */
function sumRow(data: Float32Array, o: number, colTo: Int32Array, nb: number, binSums: Float64Array): number {
  let total = 0;
  let k = o;
  for (let b = 0; b < nb; b++) {
    const end = o + colTo[b];
    let s = 0;
    for (; k < end; k++) s += data[k];
    binSums[b] = s;
    total += s;
  }
  return total;
}

/**
 * Adds row i's block sums (times each cell's weight: the cell ends as the block mean) into the grid (any n); returns
 * the sum of the blocks (every value of the row at least once: non-finite when one is).
 */
function poolRow(data: Float32Array, o: number, i: number, cells: Float64Array, bins: PoolBins): number {
  const G = bins.grid;
  let total = 0;
  for (let a = bins.rowFrom[i]; a < bins.rowTo[i]; a++) {
    const ro = a * G;
    for (let b = 0; b < G; b++) {
      let s = 0;
      const end = o + bins.colTo[b];
      for (let k = o + bins.colFrom[b]; k < end; k++) s += data[k];
      cells[ro + b] += s * bins.cellWeight[ro + b];
      total += s;
    }
  }
  return total;
}
