// Edge pruning by cumulative mass: keep, per query row, the strongest edges that carry `threshold` of it.

export interface PrunedEdges {
  /** n×n, 1 where edge (i, j) is kept. */
  mask: Uint8Array;
  /** Kept edges [i, j, weight], row by row, each row in decreasing weight (ties: smaller j first). */
  edges: Array<[number, number, number]>;
}

/**
 * Rule, per row i: sort the positive weights in decreasing order and keep them until their running sum
 * reaches threshold × (sum of the row's positive weights), within a relative 1e-6 for float32 rounding.
 * threshold is clamped to 0..1; 0 keeps nothing; 1 keeps every positive weight. Weights ≤ 0 are never
 * kept, and an all-zero row keeps nothing. Rows need not sum to 1 (e.g. after hideSpecial).
 */
export function pruneByMass(matrix: Float32Array, n: number, threshold: number): PrunedEdges {
  const t = Number.isFinite(threshold) ? Math.min(1, Math.max(0, threshold)) : 0;
  const mask = new Uint8Array(n * n);
  const edges: Array<[number, number, number]> = [];
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = i * n;
    order.length = 0;
    let total = 0;
    for (let j = 0; j < n; j++) {
      const w = matrix[o + j];
      if (w > 0) {
        order.push(j);
        total += w;
      }
    }
    if (total <= 0 || t === 0) continue;
    order.sort((a, b) => matrix[o + b] - matrix[o + a] || a - b);
    const target = t >= 1 ? Infinity : t * total * (1 - 1e-6);
    let cum = 0;
    for (const j of order) {
      const w = matrix[o + j];
      mask[o + j] = 1;
      edges.push([i, j, w]);
      cum += w;
      if (cum >= target) break;
    }
  }
  return { mask, edges };
}
