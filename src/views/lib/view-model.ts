// A token-space view of an AttentionResult after the two display transforms (word mode, hide specials).
// Every view reads matrices through this so the transforms are applied in one place, lazily and cached.
import { headMatrix, type AttentionResult } from '../../shared/attention-result';
import type { HeadChoice } from '../view-state';
import { hideSpecial, maxOverHeads, meanOverHeads, mergeGroups, rollout, rolloutRow } from './attention-math';
import { tokenName } from './format';

export interface ViewToken {
  /** Text shown on screen: word-piece markers stripped, words joined in word mode. */
  label: string;
  /** Raw vocabulary spelling (joined with spaces in word mode). */
  raw: string;
  /** Label for token-level views: the vocabulary spelling ("##s", "[CLS]"), or the word in word mode. */
  vocab: string;
  special: boolean;
  segment: number;
  /** True for a WordPiece continuation ("##s"): drawn flush against the previous token. */
  piece: boolean;
  /** True when the original text has whitespace (or a special token boundary) before this token. */
  gapBefore: boolean;
  /** Original token indices this view token covers. */
  members: number[];
  /** 0-based position of its first member in the analysed token sequence. */
  pos: number;
  /** Text and position, "to·17" (lib/format tokenName): how lists, axes, tooltips, tables and exports name it. */
  name: string;
}

/** Which matrix of a layer: combine heads by mean / max, one head, or the mean of several heads. */
export type HeadSel = 'mean' | 'max' | number | readonly number[];

export interface ViewOptions {
  hideSpecial: boolean;
  wordMode: boolean;
}

export interface AttentionView {
  result: AttentionResult;
  options: ViewOptions;
  n: number;
  tokens: ViewToken[];
  /** Original token index → view index (−1 when hidden). */
  viewIndexOf: Int32Array;
  /** True when neither transform changes anything (matrices are zero-copy views of the result). */
  identity: boolean;
  head(layer: number, head: number): Float32Array;
  layerMatrix(layer: number, sel: HeadSel): Float32Array;
  rollout(layer: number): Float32Array;
  /** Attention from the first [CLS]-like token (even when specials are hidden), as view-space scores; 'rollout': its rollout row. */
  clsRow(layer: number, sel: HeadSel | 'rollout'): Float32Array | null;
  /** Expand view-space scores to one score per original token (members share their group's score). */
  toOriginal(scores: Float32Array): Float32Array;
}

const CONT = /^##/;

export function stripPiece(text: string): string {
  return text.replace(CONT, '');
}

function isCls(t: { text: string; special: boolean }, k: number): boolean {
  return t.special && (/^(\[CLS\]|<s>|<cls>)$/i.test(t.text) || k === 0);
}

/** Groups of original tokens (one per view token before hiding). */
function buildGroups(r: AttentionResult, wordMode: boolean): number[][] {
  const groups: number[][] = [];
  let lastWord = -2;
  r.tokens.forEach((t, k) => {
    if (wordMode && !t.special && t.word >= 0 && t.word === lastWord) {
      groups[groups.length - 1].push(k);
    } else {
      groups.push([k]);
    }
    lastWord = t.special ? -2 : t.word;
  });
  return groups;
}

function groupToken(r: AttentionResult, members: number[], prevEnd: number | null): ViewToken {
  const first = r.tokens[members[0]];
  const last = r.tokens[members[members.length - 1]];
  const raw = members.map((k) => r.tokens[k].text).join(' ');
  let label: string;
  // A masked word (probing) shows its mask tokens, not the text they replaced.
  const masked = !!r.masked && members.some((k) => r.masked!.positions.includes(k));
  if (members.length === 1) label = first.special ? first.text : stripPiece(first.text);
  else if (masked) label = members.map((k) => stripPiece(r.tokens[k].text)).join(' ');
  else if (first.span && last.span) label = r.text.slice(first.span[0], last.span[1]);
  else label = members.map((k) => stripPiece(r.tokens[k].text)).join('');
  if (!label.trim()) label = first.text;
  const piece = !first.special && members.length === 1 && CONT.test(first.text);
  const gapBefore = first.special || prevEnd === null || first.span === null || first.span[0] > prevEnd;
  const vocab = members.length > 1 ? label : first.text;
  return { label, raw, vocab, special: first.special, segment: first.segment, piece, gapBefore, members, pos: members[0], name: tokenName(vocab, members[0]) };
}

/** One layer's matrix in the result's own token space for a head selection (a new array unless one head). */
function rawMatrix(r: AttentionResult, layer: number, sel: HeadSel): Float32Array {
  if (typeof sel === 'number') return headMatrix(r, layer, sel);
  if (sel === 'max') return maxOverHeads(r, layer);
  if (sel === 'mean') return meanOverHeads(r, layer);
  if (sel.length === 1) return headMatrix(r, layer, sel[0]);
  const nn = r.seqLen * r.seqLen;
  const acc = new Float64Array(nn);
  for (const h of sel) {
    const m = headMatrix(r, layer, h);
    for (let k = 0; k < nn; k++) acc[k] += m[k];
  }
  const out = new Float32Array(nn);
  const inv = sel.length ? 1 / sel.length : 0;
  for (let k = 0; k < nn; k++) out[k] = acc[k] * inv;
  return out;
}

/** The head selection a HeadChoice stands for within one layer (rollout: the per-layer mean it is built from). */
export function headSelOf(choice: HeadChoice): HeadSel {
  switch (choice.kind) {
    case 'single':
      return choice.head;
    case 'several':
      return choice.heads;
    case 'max':
      return 'max';
    default:
      return 'mean';
  }
}

/** The n×n matrix a HeadChoice shows at `layer`: one layer's heads combined, or rollout over layers 0..layer. */
export function choiceMatrix(view: AttentionView, layer: number, choice: HeadChoice): Float32Array {
  return choice.kind === 'rollout' ? view.rollout(layer) : view.layerMatrix(layer, headSelOf(choice));
}

class LruCache<V> {
  private map = new Map<string, V>();
  constructor(private limit: number) {}
  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const v = make();
    this.map.set(key, v);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as string);
    return v;
  }
}

export function buildView(r: AttentionResult, options: ViewOptions): AttentionView {
  const n0 = r.seqLen;
  const groups = buildGroups(r, options.wordMode);
  const merged = groups.length !== n0;
  const groupTokens: ViewToken[] = [];
  let prevEnd: number | null = null;
  for (const g of groups) {
    groupTokens.push(groupToken(r, g, prevEnd));
    const lastSpan = r.tokens[g[g.length - 1]].span;
    prevEnd = lastSpan ? lastSpan[1] : null;
  }
  const keep = groupTokens.map((t) => !(options.hideSpecial && t.special));
  const hiding = keep.some((k) => !k);
  const keptIndex: number[] = [];
  keep.forEach((k, g) => k && keptIndex.push(g));
  const tokens = keptIndex.map((g) => groupTokens[g]);
  // A continuation right after a hidden special has nothing to join to.
  if (tokens.length) tokens[0] = { ...tokens[0], piece: false, gapBefore: false };
  const n = tokens.length;
  const viewIndexOf = new Int32Array(n0).fill(-1);
  tokens.forEach((t, a) => t.members.forEach((k) => (viewIndexOf[k] = a)));
  const identity = !merged && !hiding;
  const clsGroup = groupTokens.findIndex((t, g) => isCls(r.tokens[t.members[0]], groups[g][0]));

  const mergeOnly = (m: Float32Array): Float32Array => (merged ? mergeGroups(m, n0, groups) : m);
  const hideOnly = (m: Float32Array): Float32Array => (hiding ? hideSpecial(m, groups.length, keep).matrix : m);
  const transform = (m: Float32Array): Float32Array => hideOnly(mergeOnly(m));
  const cache = new LruCache<Float32Array>(identity ? 4 : 48);

  const layerMatrix = (layer: number, sel: HeadSel): Float32Array => {
    if (typeof sel === 'number') return view.head(layer, sel);
    if (typeof sel !== 'string')
      return sel.length === 1 ? view.head(layer, sel[0]) : cache.get(`heads:${sel.join(',')}:${layer}`, () => transform(rawMatrix(r, layer, sel)));
    return cache.get(`${sel}:${layer}`, () => transform(rawMatrix(r, layer, sel)));
  };

  const view: AttentionView = {
    result: r,
    options,
    n,
    tokens,
    viewIndexOf,
    identity,
    head(layer, h) {
      if (identity) return headMatrix(r, layer, h);
      return cache.get(`h:${layer}:${h}`, () => transform(headMatrix(r, layer, h)));
    },
    layerMatrix,
    rollout(layer) {
      return cache.get(`roll:${layer}`, () => transform(rollout(r, layer)));
    },
    clsRow(layer, sel) {
      if (clsGroup < 0) return null;
      const cls = groups[clsGroup][0];
      const row0 = sel === 'rollout' ? rolloutRow(r, cls, layer) : rawMatrix(r, layer, sel).subarray(cls * n0, cls * n0 + n0);
      // The [CLS] group has one member, so its merged row is the sum of its row over each group's members.
      const row = new Float32Array(groups.length);
      groups.forEach((members, gi) => members.forEach((k) => (row[gi] += row0[k])));
      const out = new Float32Array(n);
      let s = 0;
      keptIndex.forEach((gi, a) => {
        out[a] = row[gi];
        s += row[gi];
      });
      if (hiding && s > 0) for (let a = 0; a < n; a++) out[a] /= s;
      return out;
    },
    toOriginal(scores) {
      const out = new Float32Array(n0);
      for (let k = 0; k < n0; k++) {
        const a = viewIndexOf[k];
        out[k] = a >= 0 ? scores[a] : 0;
      }
      return out;
    },
  };
  return view;
}
