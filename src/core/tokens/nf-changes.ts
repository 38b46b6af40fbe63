// Unicode normalisation (NFD, NFKD, NFC, NFKC) that also says, for every output code point, how it relates to the
// input: the (char, change) stream of the Rust crate unicode-normalization-alignments, which Hugging Face's Rust
// tokenizers feed to NormalizedString::transform to keep offsets. change 0 = replaces the next input code point,
// 1 = inserted after the previous one, -n = replaces the next input code point and removes n more (a composition).
// The characters are the JavaScript engine's own (String.prototype.normalize, which is what the JS tokenizer runs);
// only the bookkeeping follows the Rust algorithm: decomposition with canonical reordering of each run of
// non-starters (a change travels with its character), then the canonical composition state machine.

export type NormalForm = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

/** One representative per canonical combining class (Unicode 14), ascending: probes for a mark's class. */
const CCC_REPS: ReadonlyArray<readonly [number, number]> = [
  [1, 0x334],
  [6, 0x16ff0],
  [7, 0x93c],
  [8, 0x3099],
  [9, 0x94d],
  [10, 0x5b0],
  [11, 0x5b1],
  [12, 0x5b2],
  [13, 0x5b3],
  [14, 0x5b4],
  [15, 0x5b5],
  [16, 0x5b6],
  [17, 0x5b7],
  [18, 0x5b8],
  [19, 0x5b9],
  [20, 0x5bb],
  [21, 0x5bc],
  [22, 0x5bd],
  [23, 0x5bf],
  [24, 0x5c1],
  [25, 0x5c2],
  [26, 0xfb1e],
  [27, 0x64b],
  [28, 0x64c],
  [29, 0x64d],
  [30, 0x618],
  [31, 0x619],
  [32, 0x61a],
  [33, 0x651],
  [34, 0x652],
  [35, 0x670],
  [36, 0x711],
  [84, 0xc55],
  [91, 0xc56],
  [103, 0xe38],
  [107, 0xe48],
  [118, 0xeb8],
  [122, 0xec8],
  [129, 0xf71],
  [130, 0xf72],
  [132, 0xf74],
  [202, 0x321],
  [214, 0x1dce],
  [216, 0x31b],
  [218, 0x1dfa],
  [220, 0x316],
  [222, 0x59a],
  [224, 0x302e],
  [226, 0x1d16d],
  [228, 0x5ae],
  [230, 0x300],
  [232, 0x315],
  [233, 0x35c],
  [234, 0x35d],
  [240, 0x345],
];

const cccCache = new Map<number, number>();

/** NFD puts `b` before `a` (both marks, b of a lower class). */
function swaps(a: number, b: number): boolean {
  return String.fromCodePoint(a, b).normalize('NFD').codePointAt(0) === b;
}

/**
 * Canonical combining class of a code point that NFD leaves alone, read from the engine's own NFD (which reorders
 * marks by class) against the representatives: no Unicode table to ship or to fall out of step with normalize().
 */
export function combiningClass(cp: number): number {
  if (cp < 0x300) return 0;
  const known = cccCache.get(cp);
  if (known !== undefined) return known;
  let ccc = 0;
  const first = CCC_REPS[0];
  const last = CCC_REPS[CCC_REPS.length - 1];
  const rep = CCC_REPS.find((r) => r[1] === cp);
  if (rep) ccc = rep[0];
  else if (swaps(cp, first[1]) || swaps(last[1], cp)) {
    // a mark: the first representative it is sorted before has the next higher class
    let lo = 0;
    let hi = CCC_REPS.length; // invariant: class ≥ CCC_REPS[lo], < CCC_REPS[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (swaps(CCC_REPS[mid][1], cp)) hi = mid;
      else lo = mid;
    }
    ccc = CCC_REPS[lo][0];
  }
  cccCache.set(cp, ccc);
  return ccc;
}

const decompCache = [new Map<number, number[]>(), new Map<number, number[]>()];

function decomposition(cp: number, compat: boolean): number[] {
  if (cp < 0xa0) return [cp];
  const cache = decompCache[compat ? 1 : 0];
  let d = cache.get(cp);
  if (d === undefined) {
    d = [];
    for (const ch of String.fromCodePoint(cp).normalize(compat ? 'NFKD' : 'NFD')) d.push(ch.codePointAt(0) ?? 0);
    cache.set(cp, d);
  }
  return d;
}

const composeCache = new Map<number, number>();

/** Starters that are the second half of a primary composite (Unicode 14; Hangul vowels and trailing consonants apart). */
const COMPOSING_STARTERS = new Set([
  0x9be, 0x9d7, 0xb3e, 0xb56, 0xb57, 0xbbe, 0xbd7, 0xcc2, 0xcd5, 0xcd6, 0xd3e, 0xd57, 0xdcf, 0xddf, 0x102e, 0x1b35, 0x11127, 0x1133e, 0x11357, 0x114b0, 0x114ba,
  0x114bd, 0x115af, 0x11930,
]);

/** The primary composite of (a, b), or -1: what unicode-normalization's compose(a, b) returns. */
function compose(a: number, b: number, bClass: number): number {
  if (bClass === 0 && !COMPOSING_STARTERS.has(b) && !(b >= 0x1161 && b <= 0x11c2)) return -1;
  const key = a * 0x110000 + b;
  const known = composeCache.get(key);
  if (known !== undefined) return known;
  let r = -1;
  const s = String.fromCodePoint(a, b).normalize('NFC');
  const c = s.codePointAt(0) ?? -1;
  if (c >= 0 && s.length === (c > 0xffff ? 2 : 1)) {
    // canonically equivalent to a + b; a primary composite OF (a, b) decomposes to NFD(a) followed by b
    if (String.fromCodePoint(c).normalize('NFD') === String.fromCodePoint(a).normalize('NFD') + String.fromCodePoint(b)) r = c;
  }
  composeCache.set(key, r);
  return r;
}

export interface Changes {
  cp: number[];
  change: number[];
}

/**
 * The (code point, change) stream of normalising `input` to `form`. `opaque` code points are left as they are and
 * block composition around them (transformers.js' Precompiled normaliser keeps U+FF5E out of NFKC).
 */
export function normalizeWithChanges(input: ArrayLike<number>, form: NormalForm, opaque?: (cp: number) => boolean): Changes {
  const compat = form === 'NFKC' || form === 'NFKD';
  const dec = decompose(input, compat, opaque);
  if (form === 'NFD' || form === 'NFKD') return dec;
  return recompose(dec, opaque);
}

function decompose(input: ArrayLike<number>, compat: boolean, opaque?: (cp: number) => boolean): Changes {
  const cp: number[] = [];
  const change: number[] = [];
  const ccc: number[] = [];
  let runStart = -1; // first index of the current run of non-starters
  const sortRun = (end: number) => {
    if (runStart < 0 || end - runStart < 2) return;
    const idx: number[] = [];
    for (let k = runStart; k < end; k++) idx.push(k);
    // stable: Array.prototype.sort is stable
    idx.sort((x, y) => ccc[x] - ccc[y]);
    const c = idx.map((k) => cp[k]);
    const ch = idx.map((k) => change[k]);
    const cc = idx.map((k) => ccc[k]);
    for (let k = runStart; k < end; k++) {
      cp[k] = c[k - runStart];
      change[k] = ch[k - runStart];
      ccc[k] = cc[k - runStart];
    }
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    const d = opaque?.(c) ? [c] : decomposition(c, compat);
    for (let j = 0; j < d.length; j++) {
      const cls = d[j] < 0x300 ? 0 : combiningClass(d[j]);
      if (cls === 0) {
        sortRun(cp.length);
        runStart = -1;
      } else if (runStart < 0) runStart = cp.length;
      cp.push(d[j]);
      change.push(j === 0 ? 0 : 1);
      ccc.push(cls);
    }
  }
  sortRun(cp.length);
  return { cp, change };
}

/** unicode-normalization-alignments' Recompositions, over the decomposed stream. */
function recompose(dec: Changes, opaque?: (cp: number) => boolean): Changes {
  const cp: number[] = [];
  const change: number[] = [];
  const emit = (c: number, ch: number) => {
    cp.push(c);
    change.push(ch);
  };
  let composee: [number, number] | null = null;
  let lastCcc = -1; // -1 = None
  let buffer: Array<[number, number]> = [];
  const flushBuffer = () => {
    for (const [c, ch] of buffer) emit(c, ch);
    buffer = [];
  };
  for (let i = 0; i < dec.cp.length; i++) {
    const ch = dec.cp[i];
    const chg = dec.change[i];
    const cls = ch < 0x300 ? 0 : combiningClass(ch);
    if (composee === null) {
      if (cls !== 0) {
        emit(ch, chg);
        continue;
      }
      composee = [ch, chg];
      continue;
    }
    const k: [number, number] = composee;
    const blocked: boolean = opaque !== undefined && (opaque(k[0]) || opaque(ch));
    if (lastCcc < 0) {
      const r: number = blocked ? -1 : compose(k[0], ch, cls);
      if (r >= 0) {
        composee = [r, k[1] + chg - 1];
        continue;
      }
      if (cls === 0) {
        composee = [ch, chg];
        emit(k[0], k[1]);
        continue;
      }
      buffer.push([ch, chg]);
      lastCcc = cls;
      continue;
    }
    if (lastCcc >= cls) {
      if (cls === 0) {
        // the composee, then the marks that did not compose (Rust's Purging state)
        composee = [ch, chg];
        lastCcc = -1;
        emit(k[0], k[1]);
        flushBuffer();
        continue;
      }
      buffer.push([ch, chg]);
      lastCcc = cls;
      continue;
    }
    const r: number = blocked ? -1 : compose(k[0], ch, cls);
    if (r >= 0) {
      composee = [r, k[1] + chg - 1];
      continue;
    }
    buffer.push([ch, chg]);
    lastCcc = cls;
  }
  // Finished: the composee, then the marks that did not compose (the Rust iterator's order at the end)
  if (composee !== null) emit(composee[0], composee[1]);
  flushBuffer();
  return { cp, change };
}
