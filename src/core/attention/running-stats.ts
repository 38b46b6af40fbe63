// Head statistics of a whole page, accumulated window by window as running sums: memory does not grow with the
// page, and the totals equal the statistics of all windows' rows taken together (head-stats.ts matrixStats's
// averaging rule, head-roles.ts offsetProfile's). One pass over each head's matrix (row-pass.ts headPass) computes
// every statistic and pools the same rows onto a fixed grid (pooled-maps.ts), so each attention value is read once.
import type { HeadStat } from './head-stats';
import type { RunningPooledMaps } from './pooled-maps';
import { asFloat32, bitsOf, headPass, rowContext, OFFSETS, SLOT, ENT, DIST, CLS, SEP, SELF, PREV, NEXT, WORD, OFF, type RowCounts } from './row-pass';

export type { PoolBins } from './row-pass';

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
  /** Word index per token (−1 for specials). */
  words: readonly number[];
}

export class RunningHeadStats {
  private readonly sums: Float64Array;
  private readonly counts: RowCounts = { rows: 0, prev: 0, next: 0, word: 0, offsets: new Float64Array(OFFSETS) };
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

  /**
   * Adds one window's rows; with `pooled`, the same pass pools every head's map onto its grid. Returns the first layer
   * where a value it read is NaN or ±Infinity (with `pooled` every value is read), else −1: the sums then hold that
   * window's non-finite values and the caller must drop them.
   */
  add(w: WindowInput, pooled?: RunningPooledMaps): number {
    const steps = this.addByLayer(w, pooled);
    let step = steps.next();
    while (!step.done) step = steps.next();
    return step.value;
  }

  /**
   * add() one layer at a time: pauses after every layer but the last, so a caller on a shared thread can let other
   * work run between layers (a bert-base window is 144 MB of attention, ~240 ms in one go). Returns what add()
   * returns; the window counts only once the generator has run to its end, which the caller must let it do.
   */
  *addByLayer(w: WindowInput, pooled?: RunningPooledMaps): Generator<void, number, void> {
    const { n } = w;
    const H = this.numHeads;
    const ctx = rowContext(n, w.rows, w.cls, w.sep, w.words);
    const c = this.counts;
    c.rows += ctx.counts.rows;
    c.prev += ctx.counts.prev;
    c.next += ctx.counts.next;
    c.word += ctx.counts.word;
    for (let t = 0; t < OFFSETS; t++) c.offsets[t] += ctx.counts.offsets[t];
    if (ctx.counts.word > 0) this.splitWords = true;
    const block = n * n;
    const bins = pooled?.binsFor(n) ?? null;
    const packed = w.layers ? null : asFloat32(w.attentions as ArrayLike<number>);
    const packedBits = packed && bitsOf(packed);
    let bad = -1;
    for (let l = 0; l < this.numLayers; l++) {
      const data = packed ?? asFloat32(w.layers![l]);
      const bits = packedBits ?? bitsOf(data);
      const base = packed ? l * H * block : 0;
      if (data.length < base + H * block) throw new Error(`layer ${l}: expected ${H} × ${n} × ${n} values, got ${data.length - base}`);
      for (let h = 0; h < H; h++) {
        const finite = headPass(data, bits, base + h * block, ctx, this.sums, (l * H + h) * SLOT, pooled?.cellSums(l, h) ?? null, bins);
        if (!finite && bad < 0) bad = l;
      }
      if (l + 1 < this.numLayers) yield;
    }
    pooled?.windowAdded();
    this.windows++;
    this.tokens += n;
    return bad;
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
