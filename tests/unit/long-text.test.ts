// Long texts: sentence ends from tokens, window plans with character ranges, paragraphs → windows, the stitched
// heatmap (checked against the token heatmap's own scores), the byte-bounded window cache and the profile exports.
import { describe, expect, it } from 'vitest';
import type { AttentionResult, PageProfile, TokenInfo } from '../../src/shared/attention-result';
import { charRangeOf, paragraphWindows, planWindows, sentenceEndsOf } from '../../src/core/tokens/windows';
import { DEFAULT_OVERLAP, PROFILE_OVERLAP, paragraphsOf, planLongText, windowIds, windowInfo, windowTokens } from '../../src/core/tokens/long-text';
import { emptySummaries, stitchedHeat, stitchedPageScores, summarizeWindow, windowScores, type HeatChoice } from '../../src/core/attention/window-heat';
import { ByteLru } from '../../src/core/cache/byte-lru';
import { profileCsv, profileNpzArrays, profileRoles } from '../../src/core/attention/profile-export';
import { computeHeatScores } from '../../src/views/heatmap/scores';
import { buildView } from '../../src/views/lib/view-model';
import { buffersOfValue } from '../../src/shared/protocol';

/** Word tokens of a text split on spaces and around . ! ?, with spans ([CLS] and [SEP] around them). */
function tokenize(text: string): TokenInfo[] {
  const out: TokenInfo[] = [{ text: '[CLS]', id: 101, span: null, special: true, word: -1, segment: 0 }];
  for (const m of text.matchAll(/[^\s.!?]+|[.!?]/g))
    out.push({ text: m[0].toLowerCase(), id: 1000 + out.length, span: [m.index!, m.index! + m[0].length], special: false, word: out.length - 1, segment: 0 });
  out.push({ text: '[SEP]', id: 102, span: null, special: true, word: -1, segment: 0 });
  return out;
}

describe('sentence ends from tokens', () => {
  it('a token ending in . ! ? 。 ends a sentence; closing quotes stay with it; 3.14 does not', () => {
    const text = 'One two. Three "four!" Pi is 3.14 here? End';
    const spans: Array<[number, number]> = [];
    for (const m of text.matchAll(/\w+|[^\w\s]/g)) spans.push([m.index!, m.index! + m[0].length]);
    const toks = spans.map(([a, b]) => text.slice(a, b));
    // One two . Three " four ! " Pi is 3 . 14 here ? End
    expect(toks).toEqual(['One', 'two', '.', 'Three', '"', 'four', '!', '"', 'Pi', 'is', '3', '.', '14', 'here', '?', 'End']);
    expect(sentenceEndsOf(text, spans)).toEqual([3, 8, 15]);
  });

  it('CJK full stops end sentences without a following space', () => {
    const text = '今日は。明日も！';
    const spans: Array<[number, number]> = Array.from(text, (_, k) => [k, k + 1]);
    expect(sentenceEndsOf(text, spans)).toEqual([4, 8]);
  });

  it('charRangeOf skips unplaced tokens', () => {
    expect(charRangeOf([null, [3, 5], null, [7, 9], null], 0, 5)).toEqual([3, 9]);
    expect(charRangeOf([null, null], 0, 2)).toEqual([0, 0]);
  });
});

describe('planLongText', () => {
  // 60 sentences of 5 words + "." = 360 content tokens
  const text = Array.from({ length: 60 }, (_, s) => `w${s}a w${s}b w${s}c w${s}d w${s}e.`).join(' ');
  const tokens = tokenize(text);

  it('windows of at most maxTokens − 2 content tokens, overlapping, ending at sentence ends, covering everything', () => {
    const doc = planLongText(text, tokens, 66, 16);
    expect(doc.windows.length).toBeGreaterThan(5);
    for (const w of doc.windows) {
      expect(w.end - w.start).toBeLessThanOrEqual(64);
      if (w.end < 360) expect(w.end % 6).toBe(0); // after a "."
    }
    for (let k = 1; k < doc.windows.length; k++) {
      expect(doc.windows[k].start).toBeLessThan(doc.windows[k - 1].end);
      expect(doc.windows[k].start % 6).toBe(0); // starts at a sentence start
    }
    expect(doc.windows[0].start).toBe(0);
    expect(doc.windows.at(-1)!.end).toBe(360);
    // character ranges: from the first token's start to the last token's end
    const r = doc.ranges[1];
    expect(r.charStart).toBe(tokens[1 + r.start].span![0]);
    expect(r.charEnd).toBe(tokens[r.end].span![1]);
    expect(text.slice(r.charStart, r.charEnd)).toMatch(/^w\d+a .*\.$/);
  });

  it('profile windows (PROFILE_OVERLAP): no token twice, still ending at sentence ends, fewer windows', () => {
    const doc = planLongText(text, tokens, 66, PROFILE_OVERLAP);
    expect(doc.windows[0].start).toBe(0);
    expect(doc.windows.at(-1)!.end).toBe(360);
    for (let k = 1; k < doc.windows.length; k++) expect(doc.windows[k].start).toBe(doc.windows[k - 1].end); // contiguous
    for (const w of doc.windows) {
      expect(w.end - w.start).toBeLessThanOrEqual(64);
      expect(w.end - w.start).toBeGreaterThanOrEqual(64 - 32); // the tail is at most half a window
      if (w.end < 360) expect(w.end % 6).toBe(0); // after a "."
    }
    expect(doc.windows.length).toBeLessThan(planLongText(text, tokens, 66, DEFAULT_OVERLAP).windows.length);
    expect(doc.overlap).toBe(0);
  });

  it('planWindows: a tail without overlap ends windows at sentence ends and starts the next right after', () => {
    const ends = Array.from({ length: 10 }, (_, k) => (k + 1) * 100);
    expect(planWindows(1000, { size: 510, overlap: 0, tail: 128, sentenceEnds: ends })).toEqual([
      { start: 0, end: 500 },
      { start: 500, end: 1000 },
    ]);
    // no tail: cut at the window's length
    expect(planWindows(1000, { size: 510, overlap: 0, sentenceEnds: ends }).map((w) => w.end)).toEqual([510, 1000]);
  });

  it('a window: [CLS] + its tokens + [SEP], whole-text spans, words from 0; ids follow', () => {
    const doc = planLongText(text, tokens, 66, 16);
    const w = windowTokens(doc, 2);
    const { start, end } = doc.windows[2];
    expect(w).toHaveLength(end - start + 2);
    expect(w[0].text).toBe('[CLS]');
    expect(w.at(-1)!.text).toBe('[SEP]');
    expect(w[1].span).toEqual(tokens[1 + start].span);
    expect(w[1].word).toBe(0);
    expect(windowIds(doc, 2).ids).toEqual(w.map((t) => t.id));
    expect(windowIds(doc, 2).typeIds.every((v) => v === 0)).toBe(true);
  });

  it('windowInfo copies the arrays it will hand over', () => {
    const doc = planLongText(text, tokens, 66, 16);
    const s = emptySummaries(doc.windows, 1, 1);
    const info = windowInfo(doc, 1, s);
    expect(info.index).toBe(1);
    expect(info.count).toBe(doc.windows.length);
    expect(info.totalTokens).toBe(360);
    expect(info.tokenSpans).not.toBe(doc.tokenSpans);
    expect(info.summaries!.received).not.toBe(s.received);
    expect(info.tokenTexts[5]).toBe('.');
  });

  it('pairs are refused by the planner’s caller; a text that fits is one window', () => {
    const short = 'a b c.';
    const doc = planLongText(short, tokenize(short), 512);
    expect(doc.windows).toEqual([{ start: 0, end: 4 }]);
  });
});

describe('paragraphs', () => {
  it('split on blank lines (else on line breaks), trimmed', () => {
    const t = '  First para.\nstill first.\n\n Second.  \n \n\nThird.';
    expect(paragraphsOf(t).map(([a, b]) => t.slice(a, b))).toEqual(['First para.\nstill first.', 'Second.', 'Third.']);
    const u = 'one\ntwo\n\n';
    expect(paragraphsOf(u.trimEnd()).map(([a, b]) => u.slice(a, b))).toEqual(['one', 'two']);
  });

  it('each paragraph goes to the window where its middle token is most central', () => {
    const spans: Array<[number, number]> = Array.from({ length: 20 }, (_, t) => [t * 2, t * 2 + 1]);
    const windows = planWindows(20, { size: 8, overlap: 2 });
    // windows [0,8) [6,14) [12,20)
    expect(windows).toEqual([
      { start: 0, end: 8 },
      { start: 6, end: 14 },
      { start: 12, end: 20 },
    ]);
    // paragraph over tokens 0–3 → window 0; 5–9 (middle 7) → window 1; 15–19 → window 2; empty range → −1
    expect(
      paragraphWindows(
        [
          [0, 7],
          [10, 19],
          [30, 39],
          [100, 120],
        ],
        spans,
        windows,
      ),
    ).toEqual([0, 1, 2, -1]);
  });
});

/** A random window result: L layers × H heads over n tokens (token 0 [CLS], n−1 [SEP]), rows normalised. */
function randomLayers(L: number, H: number, n: number, seed: number): Float32Array[] {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) ** 3;
  return Array.from({ length: L }, () => {
    const a = new Float32Array(H * n * n);
    for (let r = 0; r < H * n; r++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[r * n + j] = rand() + 1e-4;
      for (let j = 0; j < n; j++) a[r * n + j] /= s;
    }
    return a;
  });
}

function resultOf(layers: Float32Array[], H: number, n: number): AttentionResult {
  const tokens: TokenInfo[] = Array.from({ length: n }, (_, k) => ({
    text: k === 0 ? '[CLS]' : k === n - 1 ? '[SEP]' : `t${k}`,
    id: k,
    span: null,
    special: k === 0 || k === n - 1,
    word: k === 0 || k === n - 1 ? -1 : k - 1,
    segment: 0,
  }));
  return {
    modelId: 'm',
    backend: 'wasm',
    text: '',
    tokens,
    numLayers: layers.length,
    numHeads: H,
    seqLen: n,
    attentions: layers,
    truncated: null,
    timings: { tokenizeMs: 0, inferenceMs: 0 },
  };
}

describe('stitched heat', () => {
  const L = 3;
  const H = 3;
  const choices: HeatChoice[] = [];
  for (const source of ['received', 'cls'] as const) {
    for (const heads of [
      { kind: 'mean' },
      { kind: 'max' },
      { kind: 'rollout' },
      { kind: 'single', head: 2 },
      { kind: 'several', heads: [0, 2] },
    ] as HeatChoice['heads'][]) {
      for (const layer of [0, 2]) choices.push({ layer, heads, source });
    }
  }

  it('a window’s summary scores equal the token heatmap’s scores for that window (every heads choice and source)', () => {
    const n = 9;
    const layers = randomLayers(L, H, n, 11);
    const ranges = [{ start: 0, end: n - 2 }];
    const s = emptySummaries(ranges, L, H);
    summarizeWindow(s, ranges, 0, layers, H);
    const view = buildView(resultOf(layers, H, n), { hideSpecial: false, wordMode: false });
    for (const c of choices) {
      const want = computeHeatScores(view, { layer: c.layer, heads: c.heads, source: c.source }, null).scores;
      const got = windowScores(s, ranges, 0, L, H, c);
      expect(got.length).toBe(n - 2);
      got.forEach((v, t) => expect(v, JSON.stringify(c)).toBeCloseTo(want[t + 1], 5));
    }
  });

  it('the whole text takes each token from its most central window; windows without summaries are skipped', () => {
    // 10 content tokens, windows [0,6) and [4,10): tokens 0–4 from window 0, 5–9 from window 1
    const ranges = [
      { start: 0, end: 6, charStart: 0, charEnd: 11 },
      { start: 4, end: 10, charStart: 8, charEnd: 19 },
    ];
    const s = emptySummaries(ranges, L, H);
    const w0 = randomLayers(L, H, 8, 3);
    const w1 = randomLayers(L, H, 8, 5);
    summarizeWindow(s, ranges, 0, w0, H);
    const tokenSpans = new Int32Array(20).fill(-1);
    for (let t = 0; t < 10; t++) tokenSpans.set([t * 2, t * 2 + 1], 2 * t);
    tokenSpans.set([-1, -1], 2 * 3); // token 3 has no span
    const r = {
      numLayers: L,
      numHeads: H,
      windows: { index: 0, count: 2, overlap: 2, totalTokens: 10, ranges, tokenSpans, tokenTexts: Array.from({ length: 10 }, (_, t) => `t${t}`), summaries: s },
    };
    const c: HeatChoice = { layer: 1, heads: { kind: 'mean' }, source: 'received' };
    // only window 0 summarised: its six tokens come from it, the rest are 0
    const partial = stitchedHeat(r, c)!;
    const a = windowScores(s, ranges, 0, L, H, c);
    expect(Array.from(partial.slice(0, 6))).toEqual(Array.from(a));
    expect(Array.from(partial.slice(6))).toEqual([0, 0, 0, 0]);
    summarizeWindow(s, ranges, 1, w1, H);
    const b = windowScores(s, ranges, 1, L, H, c);
    const full = stitchedHeat(r, c)!;
    expect(Array.from(full)).toEqual([...Array.from(a.slice(0, 5)), ...Array.from(b.slice(1))]);
    // page scores: placed tokens only, labelled by their position in the whole text ([CLS] = 0)
    const page = stitchedPageScores(r, c)!;
    expect(page.spans).toHaveLength(9);
    expect(page.labels[3]).toBe('t4·5');
    expect(page.max).toBeCloseTo(Math.max(...Array.from(full).filter((_, t) => t !== 3)), 6);
    expect(stitchedHeat({ numLayers: L, numHeads: H }, c)).toBeNull();
  });

  it('buffersOfValue lists a windowed result’s summaries once each, for transfer', () => {
    const ranges = [{ start: 0, end: 2 }];
    const s = emptySummaries(ranges, 1, 1);
    const bufs = buffersOfValue({ attentions: [new Float32Array(4)], windows: { tokenSpans: new Int32Array(2), summaries: s } });
    expect(bufs).toHaveLength(8);
  });
});

describe('ByteLru', () => {
  it('evicts the least recently used beyond the byte limit and refuses values larger than it', () => {
    const c = new ByteLru<string, Uint8Array>(10, (v) => v.byteLength);
    c.set('a', new Uint8Array(4));
    c.set('b', new Uint8Array(4));
    c.get('a'); // a is now the most recent
    c.set('c', new Uint8Array(4)); // 12 > 10: b goes
    expect([c.has('a'), c.has('b'), c.has('c')]).toEqual([true, false, true]);
    expect(c.bytes).toBe(8);
    expect(c.set('big', new Uint8Array(11))).toBe(false);
    expect(c.has('big')).toBe(false);
    c.set('a', new Uint8Array(6)); // replacing counts the new size only
    expect(c.bytes).toBe(10);
    c.resize(6);
    expect([c.has('a'), c.has('c')]).toEqual([true, false]);
    c.clear();
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
  });
});

describe('profile exports', () => {
  const stat = (layer: number, head: number, prev: number) => ({
    layer,
    head,
    entropy: 1.5,
    meanDistance: 2,
    clsMass: 0.1,
    sepMass: 0.05,
    prevMass: prev,
    nextMass: 0.1,
    selfMass: 0.1,
    wordMass: 0,
    offsets: Array.from({ length: 17 }, (_, t) => (t === 7 ? prev : 0.01)),
    rows: 100,
  });
  const p: PageProfile = {
    modelId: 'm',
    backend: 'wasm',
    numLayers: 1,
    numHeads: 2,
    text: 'A "quoted", text.',
    source: 'article',
    windows: [{ start: 0, end: 5, charStart: 0, charEnd: 17 }],
    overlap: 0,
    paragraphs: [{ start: 0, end: 17, window: 0 }],
    totalTokens: 5,
    windowsDone: 1,
    complete: true,
    cancelled: false,
    stats: [stat(0, 0, 0.8), stat(0, 1, 0.2)],
    hasSplitWords: false,
    meanWindowTokens: 7,
    grid: 2,
    maps: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    elapsedMs: 1,
    inferenceMs: 1,
    statsMs: 0,
  };

  it('roles from the running statistics', () => {
    const roles = profileRoles(p);
    expect(roles[0][0].kind).toBe('previous');
    expect(roles[1][0].kind).toBe('mixed');
  });

  it('CSV: a header and one row per head, 1-based layer and head', () => {
    const lines = profileCsv(p).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].split(',').slice(0, 6)).toEqual(['layer', 'head', 'role', 'roles', 'entropy', 'mean_distance']);
    expect(lines[0].split(',')).toHaveLength(4 + 8 + 1 + 17);
    expect(lines[1].startsWith('1,1,previous token,previous token,1.5,2,0.1,0.05,0.8,')).toBe(true);
    expect(lines[2].split(',')[1]).toBe('2');
  });

  it('NPZ arrays have the documented shapes', () => {
    const a = profileNpzArrays(p);
    expect(a.stats.shape).toEqual([1, 2, 8]);
    expect(a.offsets.shape).toEqual([1, 2, 17]);
    expect(a.maps.shape).toEqual([1, 2, 2, 2]);
    expect(a.roles.data).toEqual(['previous token', 'mixed']);
    expect(Array.from(a.windows.data as Int32Array)).toEqual([0, 5, 0, 17]);
    expect(Array.from(a.paragraphs.data as Int32Array)).toEqual([0, 17, 0]);
  });
});
