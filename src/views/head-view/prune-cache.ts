// Which layers' pruning indexes are kept (per view, bounded in bytes) and built ahead in idle time.
import type { AttentionView } from '../lib/view-model';
import { addHead, buildPruneIndex, emptyIndex, type PruneIndex } from './prune-index';

/**
 * Recently used layers' indexes, per view, so flipping back and forth between layers is instant. Bounded by
 * the bytes of their sorted candidates (the matrices are views of the result, not copies), at least 3 layers.
 */
const indexCache = new WeakMap<AttentionView, Map<number, PruneIndex>>();
const CACHE_BYTES = 96 * 1024 * 1024;
const MIN_CACHED_LAYERS = 3;

export const indexBytes = (idx: PruneIndex) => idx.cand.reduce((s, c) => s + c.byteLength, 0) + idx.numHeads * idx.n * 24;

export function cachedPruneIndex(view: AttentionView, layer: number, budgetBytes = CACHE_BYTES): PruneIndex {
  const byLayer = indexCache.get(view);
  const idx = byLayer?.get(layer) ?? buildPruneIndex(view, layer);
  storeIndex(view, layer, idx, true, budgetBytes);
  return idx;
}

/** Puts an index in the per-view LRU (Map order); a prefetched one never evicts the layer on screen. */
function storeIndex(view: AttentionView, layer: number, idx: PruneIndex, used: boolean, budgetBytes = CACHE_BYTES): void {
  let byLayer = indexCache.get(view);
  if (!byLayer) indexCache.set(view, (byLayer = new Map()));
  byLayer.delete(layer);
  let bytes = indexBytes(idx);
  for (const other of byLayer.values()) bytes += indexBytes(other);
  // Oldest first; a prefetched index never evicts the most recent one (the layer on screen).
  const evictable = [...byLayer.keys()].slice(0, used ? undefined : -1);
  while (bytes > budgetBytes && byLayer.size + 1 > MIN_CACHED_LAYERS && evictable.length) {
    const victim = evictable.shift() as number;
    bytes -= indexBytes(byLayer.get(victim) as PruneIndex);
    byLayer.delete(victim);
  }
  byLayer.set(layer, idx);
}

/** Layers by distance from `layer` (next first): the order to prefetch them in. */
export function layersByDistance(layer: number, numLayers: number): number[] {
  const out: number[] = [];
  for (let d = 1; d < numLayers; d++) for (const l of [layer + d, layer - d]) if (l >= 0 && l < numLayers) out.push(l);
  return out;
}

/** Layers whose index is cached for `view`, least recently used first. */
export const cachedLayers = (view: AttentionView): number[] => [...(indexCache.get(view)?.keys() ?? [])];

const cachedBytes = (view: AttentionView) => [...(indexCache.get(view)?.values() ?? [])].reduce((s, i) => s + indexBytes(i), 0);

/**
 * Builds the indexes of the given layers in idle time, one head per slice, so that stepping (or jumping) to
 * another layer finds its index ready. The first `always` layers are built in any case; after them, prefetching
 * stops once the cache budget is used, so it never evicts what it just built. Returns a cancel function.
 */
export function prefetchPruneIndexes(view: AttentionView, layers: number[], always = 2, budgetBytes = CACHE_BYTES): () => void {
  const idle: (cb: () => void) => number =
    typeof requestIdleCallback === 'function' ? (cb) => requestIdleCallback(cb, { timeout: 1000 }) : (cb) => setTimeout(cb, 16) as unknown as number;
  const cancelIdle = typeof cancelIdleCallback === 'function' ? cancelIdleCallback : clearTimeout;
  let handle = 0;
  let cancelled = false;
  const todo = layers.filter((l) => l >= 0 && l < view.result.numLayers && !indexCache.get(view)?.has(l));
  let current: PruneIndex | null = null;
  let done = 0;
  const step = () => {
    if (cancelled || !todo.length) return;
    const layer = todo[0];
    if (indexCache.get(view)?.has(layer)) {
      todo.shift();
      current = null;
    } else {
      current ??= emptyIndex(view);
      addHead(current, view.head(layer, current.matrices.length));
      if (current.matrices.length === current.numHeads) {
        const built = current;
        current = null;
        todo.shift();
        if (built.numHeads && done >= always && cachedBytes(view) + indexBytes(built) > budgetBytes) return; // full
        storeIndex(view, layer, built, false, budgetBytes);
        done++;
      }
    }
    handle = idle(step);
  };
  handle = idle(step);
  return () => {
    cancelled = true;
    cancelIdle(handle);
  };
}
