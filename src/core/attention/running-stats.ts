// Head statistics of a whole page, accumulated window by window as running sums: memory does not grow with the
// page, and the totals equal the statistics of all windows' rows taken together.
import { matrixStats, type HeadStat } from './head-stats';
import { offsetProfile, MAX_OFFSET } from './head-roles';

type Sums = { [K in keyof Omit<HeadStat, 'layer' | 'head'>]: number };
const KEYS: (keyof Sums)[] = ['entropy', 'meanDistance', 'clsMass', 'sepMass', 'prevMass', 'nextMass', 'selfMass', 'wordMass'];

/** The count each statistic is averaged over (matrixStats's rule: prev/next/word rows are subsets). */
interface Counts {
  rows: number;
  prev: number;
  next: number;
  word: number;
}

export interface WindowInput {
  /** [layer][head][n][n] for this window. */
  attentions: Float32Array;
  n: number;
  /** Query rows to include (e.g. not [CLS]/[SEP]). */
  rows: readonly boolean[];
  cls: readonly number[];
  sep: readonly number[];
  /** Word index per token (−1 for specials). */
  words: readonly number[];
}

export class RunningHeadStats {
  private readonly sums: Sums[];
  private readonly counts: Counts[];
  private readonly offsets: Float64Array[];
  private readonly offsetCounts: Float64Array[];
  windows = 0;
  tokens = 0;

  constructor(
    readonly numLayers: number,
    readonly numHeads: number,
  ) {
    const k = numLayers * numHeads;
    this.sums = Array.from({ length: k }, () => Object.fromEntries(KEYS.map((key) => [key, 0])) as Sums);
    this.counts = Array.from({ length: k }, () => ({ rows: 0, prev: 0, next: 0, word: 0 }));
    this.offsets = Array.from({ length: k }, () => new Float64Array(2 * MAX_OFFSET + 1));
    this.offsetCounts = Array.from({ length: k }, () => new Float64Array(2 * MAX_OFFSET + 1));
  }

  /** Adds one window's rows. */
  add(w: WindowInput): void {
    const { n } = w;
    const counts = rowCounts(w);
    for (let l = 0; l < this.numLayers; l++) {
      for (let h = 0; h < this.numHeads; h++) {
        const k = l * this.numHeads + h;
        const m = w.attentions.subarray(k * n * n, (k + 1) * n * n);
        const s = matrixStats(m, n, w.rows, w.cls, w.sep, w.words);
        const c = this.counts[k];
        // matrixStats returns means: weight them back into sums by their own row counts
        this.sums[k].entropy += s.entropy * counts.rows;
        this.sums[k].meanDistance += s.meanDistance * counts.rows;
        this.sums[k].clsMass += s.clsMass * counts.rows;
        this.sums[k].sepMass += s.sepMass * counts.rows;
        this.sums[k].selfMass += s.selfMass * counts.rows;
        this.sums[k].prevMass += s.prevMass * counts.prev;
        this.sums[k].nextMass += s.nextMass * counts.next;
        this.sums[k].wordMass += s.wordMass * counts.word;
        c.rows += counts.rows;
        c.prev += counts.prev;
        c.next += counts.next;
        c.word += counts.word;
        const prof = offsetProfile(m, n, w.rows);
        const pc = offsetCounts(n, w.rows);
        for (let t = 0; t < prof.length; t++) {
          this.offsets[k][t] += prof[t] * pc[t];
          this.offsetCounts[k][t] += pc[t];
        }
      }
    }
    this.windows++;
    this.tokens += n;
  }

  /** The statistics so far, one per (layer, head), layer-major (as headStats). */
  result(): Array<HeadStat & { offsets: number[]; rows: number }> {
    const mean = (s: number, c: number) => (c > 0 ? s / c : 0);
    return this.sums.map((s, k) => {
      const c = this.counts[k];
      return {
        layer: Math.floor(k / this.numHeads),
        head: k % this.numHeads,
        entropy: mean(s.entropy, c.rows),
        meanDistance: mean(s.meanDistance, c.rows),
        clsMass: mean(s.clsMass, c.rows),
        sepMass: mean(s.sepMass, c.rows),
        selfMass: mean(s.selfMass, c.rows),
        prevMass: mean(s.prevMass, c.prev),
        nextMass: mean(s.nextMass, c.next),
        wordMass: mean(s.wordMass, c.word),
        offsets: Array.from(this.offsets[k], (v, t) => mean(v, this.offsetCounts[k][t])),
        rows: c.rows,
      };
    });
  }
}

function rowCounts(w: WindowInput): Counts {
  const { n, rows, words } = w;
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) if (words[i] >= 0) sizes.set(words[i], (sizes.get(words[i]) ?? 0) + 1);
  const c: Counts = { rows: 0, prev: 0, next: 0, word: 0 };
  for (let i = 0; i < n; i++) {
    if (!rows[i]) continue;
    c.rows++;
    if (i >= 1) c.prev++;
    if (i <= n - 2) c.next++;
    if (words[i] >= 0 && (sizes.get(words[i]) ?? 0) > 1) c.word++;
  }
  return c;
}

function offsetCounts(n: number, rows: readonly boolean[]): number[] {
  const out = new Array<number>(2 * MAX_OFFSET + 1).fill(0);
  for (let i = 0; i < n; i++) {
    if (!rows[i]) continue;
    for (let k = -MAX_OFFSET; k <= MAX_OFFSET; k++) if (i + k >= 0 && i + k < n) out[k + MAX_OFFSET]++;
  }
  return out;
}
