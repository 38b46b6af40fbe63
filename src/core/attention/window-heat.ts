// The heatmap of a whole long text, stitched from its windows. The engine summarises every window once
// (summarizeWindow: what each content token receives and the [CLS] row, per layer and head, plus the max-over-heads
// and rollout variants); stitchedHeat turns those summaries and the view's heat settings (layer, heads choice,
// source) into one score per content token of the whole text, each token's score taken from the window where it is
// most central (windows.ts stitchScores). The numbers are the token heatmap's own (views/heatmap/scores.ts) for
// that window without display transforms: received = column mean over all n rows, cls = row 0.
import type { AttentionResult, TextWindowRange, WindowSummaries } from '../../shared/attention-result';
import { stitchScores, type TokenWindow } from '../tokens/windows';
import { residualStep } from './rollout';

/** The heads choice as the views spell it (src/views/view-state.ts HeadChoice). */
export type HeadsLike = { kind: 'mean' } | { kind: 'max' } | { kind: 'rollout' } | { kind: 'single'; head: number } | { kind: 'several'; heads: number[] };

export interface HeatChoice {
  /** 0-based; −1 (or past the last) = the last layer. */
  layer: number;
  heads: HeadsLike;
  source: 'received' | 'cls';
}

/** Where window k's blocks start in the flat summary arrays (per-head arrays, per-layer arrays). */
export function summaryOffsets(
  ranges: readonly TokenWindow[],
  numLayers: number,
  numHeads: number,
): { perHead: number[]; perLayer: number[]; headTotal: number; layerTotal: number } {
  const perHead: number[] = [];
  const perLayer: number[] = [];
  let tokens = 0;
  for (const r of ranges) {
    perHead.push(tokens * numLayers * numHeads);
    perLayer.push(tokens * numLayers);
    tokens += r.end - r.start;
  }
  return { perHead, perLayer, headTotal: tokens * numLayers * numHeads, layerTotal: tokens * numLayers };
}

/** Empty summaries for these windows (filled window by window with summarizeWindow). */
export function emptySummaries(ranges: readonly TokenWindow[], numLayers: number, numHeads: number): WindowSummaries {
  const o = summaryOffsets(ranges, numLayers, numHeads);
  return {
    have: new Uint8Array(ranges.length),
    received: new Float32Array(o.headTotal),
    cls: new Float32Array(o.headTotal),
    receivedMax: new Float32Array(o.layerTotal),
    receivedRollout: new Float32Array(o.layerTotal),
    clsRollout: new Float32Array(o.layerTotal),
  };
}

/**
 * Writes window k's summaries from its attention: `layers[l]` is layer l's [head][n][n] (n = the window's content
 * tokens + [CLS] and [SEP]; token 0 is [CLS], the content tokens are 1…n−2).
 */
export function summarizeWindow(s: WindowSummaries, ranges: readonly TokenWindow[], k: number, layers: readonly ArrayLike<number>[], numHeads: number): void {
  const L = layers.length;
  const H = numHeads;
  const w = ranges[k].end - ranges[k].start;
  const n = w + 2;
  const o = summaryOffsets(ranges, L, H);
  const block = n * n;
  const col = new Float64Array(H * n);
  const colMax = new Float64Array(n);
  const rowMax = new Float32Array(n);
  const steps: Float64Array[] = [];
  for (let l = 0; l < L; l++) {
    const data = layers[l];
    if (data.length !== H * block) throw new Error(`layer ${l}: expected ${H} × ${n} × ${n} values, got ${data.length}`);
    col.fill(0);
    colMax.fill(0);
    const mean = new Float32Array(block);
    for (let i = 0; i < n; i++) {
      rowMax.fill(0);
      const ro = i * n;
      for (let h = 0; h < H; h++) {
        const base = h * block + ro;
        const co = h * n;
        for (let j = 0; j < n; j++) {
          const v = data[base + j];
          col[co + j] += v;
          if (v > rowMax[j]) rowMax[j] = v;
          mean[ro + j] += v;
        }
      }
      for (let j = 0; j < n; j++) colMax[j] += rowMax[j];
    }
    for (let q = 0; q < block; q++) mean[q] /= H;
    steps.push(residualStep(mean, n));
    for (let h = 0; h < H; h++) {
      const at = o.perHead[k] + (l * H + h) * w;
      for (let t = 0; t < w; t++) {
        s.received[at + t] = col[h * n + t + 1] / n;
        s.cls[at + t] = data[h * block + t + 1];
      }
    }
    const atL = o.perLayer[k] + l * w;
    for (let t = 0; t < w; t++) s.receivedMax[atL + t] = colMax[t + 1] / n;
  }
  // Rollout up to each layer l: uᵀ·Ã_l·…·Ã_0 for u uniform (received) and u = e_0 (the [CLS] row).
  for (let l = 0; l < L; l++) {
    let recv = new Float64Array(n).fill(1 / n);
    let cls = new Float64Array(n);
    cls[0] = 1;
    for (let m = l; m >= 0; m--) {
      const step = steps[m];
      const r2 = new Float64Array(n);
      const c2 = new Float64Array(n);
      for (let q = 0; q < n; q++) {
        const a = recv[q];
        const b = cls[q];
        if (a === 0 && b === 0) continue;
        const qo = q * n;
        for (let j = 0; j < n; j++) {
          const x = step[qo + j];
          r2[j] += a * x;
          c2[j] += b * x;
        }
      }
      recv = r2;
      cls = c2;
    }
    const atL = o.perLayer[k] + l * w;
    for (let t = 0; t < w; t++) {
      s.receivedRollout[atL + t] = recv[t + 1];
      s.clsRollout[atL + t] = cls[t + 1];
    }
  }
  s.have[k] = 1;
}

/** Window k's score for each of its content tokens under a heat choice (heads out of range → mean over heads). */
export function windowScores(s: WindowSummaries, ranges: readonly TokenWindow[], k: number, numLayers: number, numHeads: number, c: HeatChoice): Float32Array {
  const w = ranges[k].end - ranges[k].start;
  const o = summaryOffsets(ranges, numLayers, numHeads);
  const layer = c.layer < 0 || c.layer >= numLayers ? numLayers - 1 : c.layer;
  const out = new Float32Array(w);
  const heads = c.heads;
  if (heads.kind === 'rollout') {
    out.set((c.source === 'cls' ? s.clsRollout : s.receivedRollout).subarray(o.perLayer[k] + layer * w, o.perLayer[k] + (layer + 1) * w));
    return out;
  }
  const src = c.source === 'cls' ? s.cls : s.received;
  const headRow = (h: number) => src.subarray(o.perHead[k] + (layer * numHeads + h) * w, o.perHead[k] + (layer * numHeads + h + 1) * w);
  if (heads.kind === 'max') {
    if (c.source === 'received') {
      out.set(s.receivedMax.subarray(o.perLayer[k] + layer * w, o.perLayer[k] + (layer + 1) * w));
      return out;
    }
    // the [CLS] row of the max-over-heads matrix is the max of the heads' [CLS] rows
    for (let h = 0; h < numHeads; h++) {
      const row = headRow(h);
      for (let t = 0; t < w; t++) if (row[t] > out[t]) out[t] = row[t];
    }
    return out;
  }
  let chosen = heads.kind === 'single' ? [heads.head] : heads.kind === 'several' ? heads.heads : [];
  chosen = chosen.filter((h) => Number.isInteger(h) && h >= 0 && h < numHeads);
  if (!chosen.length) chosen = Array.from({ length: numHeads }, (_, h) => h);
  for (const h of chosen) {
    const row = headRow(h);
    for (let t = 0; t < w; t++) out[t] += row[t];
  }
  for (let t = 0; t < w; t++) out[t] /= chosen.length;
  return out;
}

/**
 * One score per content token of the whole text for the view's heat settings, each from the window where the token
 * is most central among the windows that have summaries; null when the result has no window summaries.
 */
export function stitchedHeat(r: Pick<AttentionResult, 'numLayers' | 'numHeads' | 'windows'>, c: HeatChoice): Float32Array | null {
  const info = r.windows;
  const s = info?.summaries;
  if (!info || !s) return null;
  const ranges: TextWindowRange[] = info.ranges;
  const have = ranges.map((_, k) => k).filter((k) => s.have[k]);
  if (!have.length) return null;
  return stitchScores(
    info.totalTokens,
    have.map((k) => ranges[k]),
    have.map((k) => windowScores(s, ranges, k, r.numLayers, r.numHeads, c)),
  );
}

/** What the page heat paints for a stitched whole text: per placed content token, its span, score and label. */
export interface StitchedPageScores {
  spans: Array<[number, number]>;
  scores: number[];
  labels: string[];
  /** The largest score (the colour scale's top). */
  max: number;
}

/** stitchedHeat laid out for the page: tokens without a character span are skipped; labels "text·position". */
export function stitchedPageScores(r: Pick<AttentionResult, 'numLayers' | 'numHeads' | 'windows'>, c: HeatChoice): StitchedPageScores | null {
  const scores = stitchedHeat(r, c);
  const info = r.windows;
  if (!scores || !info) return null;
  const out: StitchedPageScores = { spans: [], scores: [], labels: [], max: 0 };
  for (let t = 0; t < info.totalTokens; t++) {
    const a = info.tokenSpans[2 * t];
    const b = info.tokenSpans[2 * t + 1];
    if (a < 0) continue;
    out.spans.push([a, b]);
    out.scores.push(scores[t]);
    // position as in the whole text's tokenization ([CLS] is 0)
    out.labels.push(`${info.tokenTexts[t]}·${t + 1}`);
    if (scores[t] > out.max) out.max = scores[t];
  }
  return out;
}
