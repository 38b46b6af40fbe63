// Comparing two analyses of the same tokens (a sentence and its edit, or one text under two models with the same
// tokenizer): per-head difference maps and a ranking of the heads that changed most.

/** Jensen–Shannon divergence of two distributions, in bits (0 = identical, 1 = disjoint supports). */
export function jsDivergence(p: ArrayLike<number>, q: ArrayLike<number>, from = 0, to = p.length): number {
  let d = 0;
  for (let j = from; j < to; j++) {
    const a = p[j];
    const b = q[j];
    const m = (a + b) / 2;
    if (a > 0) d += a * Math.log2(a / m);
    if (b > 0) d += b * Math.log2(b / m);
  }
  return Math.max(0, d / 2);
}

export interface HeadChange {
  layer: number;
  head: number;
  /** Mean over query rows of the JS divergence between A's and B's row (bits). */
  divergence: number;
  /** Largest |A − B| of any weight in the head. */
  maxAbsDiff: number;
}

/**
 * Heads ranked by how much they changed between two results with the same tokens: `a` and `b` are
 * [layer][head][n][n] attention arrays of the same shape. Rows listed in `skipRows` (e.g. the edited token's own
 * row) are left out of the mean.
 */
export function rankHeadChanges(
  a: Float32Array,
  b: Float32Array,
  numLayers: number,
  numHeads: number,
  n: number,
  skipRows: ReadonlySet<number> = new Set(),
): HeadChange[] {
  if (a.length !== b.length || a.length !== numLayers * numHeads * n * n) throw new Error('the two results do not have the same shape');
  const out: HeadChange[] = [];
  for (let layer = 0; layer < numLayers; layer++) {
    for (let head = 0; head < numHeads; head++) {
      const base = (layer * numHeads + head) * n * n;
      let div = 0;
      let rows = 0;
      let maxAbs = 0;
      for (let i = 0; i < n; i++) {
        const o = base + i * n;
        for (let j = 0; j < n; j++) maxAbs = Math.max(maxAbs, Math.abs(a[o + j] - b[o + j]));
        if (skipRows.has(i)) continue;
        div += jsDivergence(a, b, o, o + n);
        rows++;
      }
      out.push({ layer, head, divergence: rows ? div / rows : 0, maxAbsDiff: maxAbs });
    }
  }
  return out.sort((x, y) => y.divergence - x.divergence || x.layer - y.layer || x.head - y.head);
}

/** A − B for one head (n×n), for the diverging difference view. */
export function headDifference(a: Float32Array, b: Float32Array, offset: number, n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let k = 0; k < n * n; k++) out[k] = a[offset + k] - b[offset + k];
  return out;
}
