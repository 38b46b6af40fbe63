// Which head-view edges to draw for the current layer, heads, pair filter and focus, and the numbers shown next
// to a locked token.
import { useEffect, useMemo } from 'preact/hooks';
import type { AttentionView } from '../lib/view-model';
import { LINE_CAP, visibleEdges, type Edge, type HeadFocus, type PairFilter } from './lines';
import { cachedPruneIndex, layersByDistance, prefetchPruneIndexes } from './prune-cache';
import { defaultMass, thresholdsFor, type PruneIndex } from './prune-index';

/** The layer's pruning index and per-row thresholds for the edge-mass slider (automatic while `massOverride` is null). */
export function usePruning(view: AttentionView, layer: number, massOverride: number | null) {
  const idx = useMemo(() => cachedPruneIndex(view, layer), [view, layer]);
  // Other layers are indexed in idle time (neighbours first, then while the cache budget lasts) so that
  // stepping or jumping between layers does not block.
  useEffect(() => prefetchPruneIndexes(view, layersByDistance(layer, view.result.numLayers)), [view, layer]);
  const autoMass = useMemo(() => defaultMass(idx), [idx]);
  const mass = massOverride ?? autoMass;
  const thresholds = useMemo(() => thresholdsFor(idx, mass), [idx, mass]);
  return { idx, thresholds, mass };
}

/**
 * The edges to draw: a focused token's, else the strongest LINE_CAP of all (`total` counts them all); while a
 * token is focused, which labels on each side touch a drawn edge ([token], n; 1 = touched; the rest are dimmed).
 */
export function useHeadEdges(view: AttentionView, idx: PruneIndex, thresholds: Float32Array[], heads: number[], pairFilter: PairFilter, focus: HeadFocus) {
  const n = view.n;
  const base = useMemo(() => visibleEdges(view, idx, thresholds, heads, pairFilter, null, LINE_CAP), [view, idx, thresholds, heads, pairFilter]);
  // Keyed on the focused token's side and index, not on the `focus` object (a new one on every hover event).
  const side = focus?.side;
  const index = focus?.index;
  const focusEdges = useMemo(
    () => (side !== undefined && index !== undefined ? visibleEdges(view, idx, thresholds, heads, pairFilter, { side, index }).edges : null),
    [view, idx, thresholds, heads, pairFilter, side, index],
  );
  const edges: Edge[] = focusEdges ?? base.edges;
  const focused = focus !== null;
  const touched = useMemo(() => {
    if (!focused) return null;
    const left = new Uint8Array(n);
    const right = new Uint8Array(n);
    for (const e of edges) {
      left[e.i] = 1;
      right[e.j] = 1;
    }
    return { left, right };
  }, [edges, focused, n]);
  return { edges, total: base.total, touched };
}

export interface LockedWeights {
  /** The side the locked token is on: weights are shown in the opposite gutter. */
  side: 'from' | 'to';
  /** How `vals` combines the shown heads. */
  combine: 'mean' | 'max';
  /** [token], n: mean (or max) weight over the shown heads between the locked token and each token. */
  vals: Float32Array;
  /** [shown head][token], heads.length × n: the same per head (for the aria labels). */
  per: Float32Array[];
}

/** Numeric weights (mean, or max, over the shown heads) next to the targets of a locked token; null when nothing is locked. */
export function useLockedWeights(locked: HeadFocus, heads: number[], idx: PruneIndex, n: number, combine: 'mean' | 'max' = 'mean'): LockedWeights | null {
  return useMemo(() => {
    if (!locked || !heads.length) return null;
    const vals = new Float32Array(n);
    const per: Float32Array[] = heads.map(() => new Float32Array(n));
    heads.forEach((h, hk) => {
      const m = idx.matrices[h];
      for (let k = 0; k < n; k++) {
        const w = locked.side === 'from' ? m[locked.index * n + k] : m[k * n + locked.index];
        per[hk][k] = w;
        if (combine === 'max') vals[k] = Math.max(vals[k], w);
        else vals[k] += w / heads.length;
      }
    });
    return { side: locked.side, combine, vals, per };
  }, [locked, heads, idx, n, combine]);
}
