// A normalised string that remembers, for each of its code points, the range of the ORIGINAL text it stands for —
// Hugging Face's NormalizedString (tokenizers/src/tokenizer/normalizer.rs) over code points instead of bytes (its
// alignments are the same for every byte of one character). The text each step produces is what the JavaScript
// tokenizer (@huggingface/tokenizers) produces, since the tokens to place come from it; the ranges follow the Rust
// library's rules, so token offsets come out as the Rust ("fast") tokenizer reports them.

import { normalizeWithChanges, type NormalForm } from './nf-changes';

export interface NormStr {
  /** Code points of the normalised text. */
  cp: number[];
  /** Original UTF-16 range [s[k], e[k]) that code point k stands for. */
  s: number[];
  e: number[];
  /** Original offset where this string starts (the range of a character inserted before everything else). */
  base: number;
}

export function fromOriginal(text: string, from: number, to: number): NormStr {
  const cp: number[] = [];
  const s: number[] = [];
  const e: number[] = [];
  for (let i = from; i < to;) {
    const c = text.codePointAt(i) ?? 0;
    const w = c > 0xffff && i + 1 < to ? 2 : 1;
    cp.push(w === 2 ? c : text.charCodeAt(i));
    s.push(i);
    e.push(i + w);
    i += w;
  }
  return { cp, s, e, base: from };
}

export function toText(cps: ArrayLike<number>, from = 0, to = cps.length): string {
  let out = '';
  for (let i = from; i < to; i += 4096) {
    const chunk: number[] = [];
    for (let k = i; k < Math.min(to, i + 4096); k++) chunk.push(cps[k]);
    out += String.fromCodePoint(...chunk);
  }
  return out;
}

/** Code point index of every UTF-16 offset of toText(ns.cp) (length + 1 entries). */
export function charIndexOfUnits(cp: ArrayLike<number>): Int32Array {
  let units = 0;
  for (let k = 0; k < cp.length; k++) units += cp[k] > 0xffff ? 2 : 1;
  const at = new Int32Array(units + 1);
  let u = 0;
  for (let k = 0; k < cp.length; k++) {
    at[u++] = k;
    if (cp[k] > 0xffff) at[u++] = k;
  }
  at[u] = cp.length;
  return at;
}

export function slice(ns: NormStr, a: number, b: number): NormStr {
  return { cp: ns.cp.slice(a, b), s: ns.s.slice(a, b), e: ns.e.slice(a, b), base: a < ns.s.length ? ns.s[a] : ns.base };
}

/**
 * NormalizedString::transform: each new code point with its change (0 replaces the next old one, > 0 is inserted
 * after the previous one, -n replaces the next and removes n more), after skipping `initial` old code points.
 * A replacing code point takes the range of the old one it replaces; an inserted one the range of the old one before.
 */
export function transform(ns: NormStr, cps: ArrayLike<number>, changes: ArrayLike<number>, initial = 0, widen = false): NormStr {
  const cp: number[] = [];
  const s: number[] = [];
  const e: number[] = [];
  let off = initial;
  const n = ns.cp.length;
  for (let k = 0; k < cps.length; k++) {
    const ch = changes[k];
    let a: number;
    let b: number;
    if (ch > 0) {
      if (off < 1) a = b = ns.base;
      else {
        a = ns.s[Math.min(off, n) - 1];
        b = ns.e[Math.min(off, n) - 1];
      }
    } else {
      if (off >= n) {
        // more output than input (should not happen): keep the last range
        a = n ? ns.s[n - 1] : ns.base;
        b = n ? ns.e[n - 1] : ns.base;
      } else {
        a = ns.s[off];
        b = ns.e[off];
        // `widen`: a character that absorbed the next ones (a composition) also covers their range
        if (widen && ch < 0) b = Math.max(b, ns.e[Math.min(n - 1, off - ch)]);
      }
      off += 1 - ch;
    }
    cp.push(cps[k]);
    s.push(a);
    e.push(b);
  }
  return { cp, s, e, base: ns.base };
}

/** Map each code point to one or more (each takes its range): lowercasing, byte-level bytes, a space → '▁'. */
export function mapChars(ns: NormStr, f: (cp: number) => number | number[]): NormStr {
  const cp: number[] = [];
  const s: number[] = [];
  const e: number[] = [];
  for (let k = 0; k < ns.cp.length; k++) {
    const r = f(ns.cp[k]);
    if (typeof r === 'number') {
      cp.push(r);
      s.push(ns.s[k]);
      e.push(ns.e[k]);
    } else {
      for (const c of r) {
        cp.push(c);
        s.push(ns.s[k]);
        e.push(ns.e[k]);
      }
    }
  }
  return { cp, s, e, base: ns.base };
}

/** Keep the code points `keep` accepts (NormalizedString::filter: a kept one keeps its own range). */
export function filter(ns: NormStr, keep: (cp: number) => boolean): NormStr {
  const cp: number[] = [];
  const s: number[] = [];
  const e: number[] = [];
  for (let k = 0; k < ns.cp.length; k++) {
    if (!keep(ns.cp[k])) continue;
    cp.push(ns.cp[k]);
    s.push(ns.s[k]);
    e.push(ns.e[k]);
  }
  return { cp, s, e, base: ns.base };
}

/**
 * NFC/NFD/NFKC/NFKD with the Rust library's offsets, except that a composed character covers all the characters it
 * was composed from (`e` + U+0301 → `é` covers both; Rust gives it the `e` only and the mark to nothing).
 */
export function unicodeNormalize(ns: NormStr, form: NormalForm, opaque?: (cp: number) => boolean): NormStr {
  let plain = true;
  for (const c of ns.cp) {
    if (c >= 0xa0) {
      plain = false;
      break;
    }
  }
  if (plain) return ns;
  const r = normalizeWithChanges(ns.cp, form, opaque);
  return transform(ns, r.cp, r.change, 0, true);
}

/**
 * NormalizedString::replace for every match of `re` (a global regular expression, as the JS tokenizer compiles the
 * pattern): the match's code points are removed and `content`'s inserted, each with the range of the match's LAST
 * code point (the Rust library's rule).
 */
export function replace(ns: NormStr, re: RegExp, content: string): NormStr {
  const text = toText(ns.cp);
  re.lastIndex = 0;
  if (!re.test(text)) return ns;
  const at = charIndexOfUnits(ns.cp);
  const add: number[] = [];
  for (const ch of content) add.push(ch.codePointAt(0) ?? 0);
  const cp: number[] = [];
  const s: number[] = [];
  const e: number[] = [];
  let last = 0;
  const copy = (a: number, b: number) => {
    for (let k = a; k < b; k++) {
      cp.push(ns.cp[k]);
      s.push(ns.s[k]);
      e.push(ns.e[k]);
    }
  };
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    const a = at[m.index ?? 0];
    const b = at[(m.index ?? 0) + m[0].length];
    if (a < last || b <= a) continue;
    copy(last, a);
    for (const c of add) {
      cp.push(c);
      s.push(ns.s[b - 1]);
      e.push(ns.e[b - 1]);
    }
    last = b;
  }
  copy(last, ns.cp.length);
  return { cp, s, e, base: ns.base };
}

/** Insert `content` before everything; it takes the first code point's range (NormalizedString::prepend). */
export function prepend(ns: NormStr, content: string): NormStr {
  if (ns.cp.length === 0 || content.length === 0) return ns;
  const add: number[] = [];
  for (const ch of content) add.push(ch.codePointAt(0) ?? 0);
  return {
    cp: [...add, ...ns.cp],
    s: [...add.map(() => ns.s[0]), ...ns.s],
    e: [...add.map(() => ns.e[0]), ...ns.e],
    base: ns.base,
  };
}
