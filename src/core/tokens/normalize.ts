// Normalise text the way a tokenizer does while remembering, for every output byte, which span of
// the ORIGINAL text produced it. The aligner matches tokens against this byte stream.

import {
  foldChar,
  isCjkIdeograph,
  isMark,
  isPrecompiledRemoved,
  isPrecompiledSpace,
  isPunctuation,
  isRemovedControl,
  isWhitespace,
  stripAccents,
  utf8Bytes,
} from './unicode';

export interface NormalizeOptions {
  /** Lowercase (String.prototype.toLowerCase, so 'İ' → 'i̇', which may change the length). */
  lowercase: boolean;
  /** NFD then delete non-spacing marks (BERT strip_accents). */
  stripAccents: boolean;
  /** Delete control/format characters and map whitespace to ' ' (BERT clean_text). */
  cleanText: boolean;
  /** Unicode normalisation applied first (SentencePiece models often use NFKC). */
  unicodeNormalization?: 'NFC' | 'NFD' | 'NFKC' | 'NFKD';
  /**
   * SentencePiece's Precompiled normaliser as transformers.js runs it: some control characters
   * deleted, and zero-width / format spaces (ZWSP, ZWJ, LRM/RLM, BOM, …) turned into spaces.
   */
  precompiled?: boolean;
}

/** Character class of a normalised character. */
export const CharClass = { Other: 0, Space: 1, Punct: 2, Cjk: 3 } as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

/**
 * The normalised text as UTF-8 bytes ("units"). Unit k came from original UTF-16 range
 * [start[k], end[k]) and belongs to normalised character charOf[k] whose class is charClass[charOf[k]].
 */
export interface NormalizedText {
  length: number;
  bytes: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  charOf: Int32Array;
  charClass: Uint8Array;
}

function classify(ch: string): CharClass {
  if (isWhitespace(ch)) return CharClass.Space;
  if (isPunctuation(ch)) return CharClass.Punct;
  if (isCjkIdeograph(ch.codePointAt(0) ?? 0, false)) return CharClass.Cjk;
  return CharClass.Other;
}

/** Normalise one cluster (a base code point and its combining marks). */
export function normalizeCluster(cluster: string, opts: NormalizeOptions): string {
  let s = cluster;
  if (opts.precompiled) {
    let mapped = '';
    for (const ch of s) if (!isPrecompiledRemoved(ch)) mapped += isPrecompiledSpace(ch) ? ' ' : ch;
    s = mapped;
  }
  if (opts.unicodeNormalization) s = s.normalize(opts.unicodeNormalization);
  if (opts.cleanText) {
    let cleaned = '';
    for (const ch of s) {
      if (isRemovedControl(ch)) continue;
      cleaned += isWhitespace(ch) ? ' ' : ch;
    }
    s = cleaned;
  }
  if (opts.lowercase) s = s.toLowerCase();
  if (opts.stripAccents) s = stripAccents(s);
  return s;
}

/**
 * Normalise `text` cluster by cluster. A cluster is one code point plus the combining marks that
 * follow it, so stripped accents and any characters a cluster expands into (NFD Hangul jamo,
 * 'İ' → 'i̇') all map to the cluster's original span. Characters the normaliser deletes map to nothing.
 */
export function normalizeWithOffsets(text: string, opts: NormalizeOptions): NormalizedText {
  const bytes: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const charOf: number[] = [];
  const charClass: number[] = [];
  const buf: number[] = [];

  let i = 0;
  while (i < text.length) {
    const s = i;
    const cp = text.codePointAt(i) ?? 0;
    i += cp > 0xffff ? 2 : 1;
    while (i < text.length) {
      const c = text.codePointAt(i) ?? 0;
      const w = c > 0xffff ? 2 : 1;
      if (!isMark(text.slice(i, i + w))) break;
      i += w;
    }
    for (const piece of clusterPieces(text, s, i, opts)) {
      for (const raw of piece.out) {
        const ch = foldChar(raw);
        const ci = charClass.length;
        charClass.push(classify(ch));
        buf.length = 0;
        utf8Bytes(ch.codePointAt(0) ?? 0, buf);
        for (const b of buf) {
          bytes.push(b);
          start.push(piece.start);
          end.push(piece.end);
          charOf.push(ci);
        }
      }
    }
  }
  return {
    length: bytes.length,
    bytes: Uint8Array.from(bytes),
    start: Int32Array.from(start),
    end: Int32Array.from(end),
    charOf: Int32Array.from(charOf),
    charClass: Uint8Array.from(charClass),
  };
}

/**
 * The normalised characters of the cluster text[s, e) with the original range each comes from. Where normalising
 * each code point on its own gives the same characters as normalising the cluster (the BERT path: NFD, strip
 * accents, lowercase), each keeps its own code point's range, as Hugging Face's offsets do: a mark the normaliser
 * drops (Arabic/Hebrew points, U+FE0F, a stripped accent) belongs to no token, and a spacing vowel sign (Devanagari
 * Mc) that becomes its own token spans itself. Otherwise (composition: NFC/NFKC turn e + U+0301 into é) every
 * character spans the whole cluster, which is also what Hugging Face gives a composed character.
 */
function clusterPieces(text: string, s: number, e: number, opts: NormalizeOptions): { out: string; start: number; end: number }[] {
  const whole = normalizeCluster(text.slice(s, e), opts);
  const first = (text.codePointAt(s) ?? 0) > 0xffff ? 2 : 1;
  if (e - s <= first) return [{ out: whole, start: s, end: e }];
  const pieces: { out: string; start: number; end: number }[] = [];
  let joined = '';
  for (let k = s; k < e;) {
    const w = (text.codePointAt(k) ?? 0) > 0xffff ? 2 : 1;
    const out = normalizeCluster(text.slice(k, k + w), opts);
    pieces.push({ out, start: k, end: k + w });
    joined += out;
    k += w;
  }
  return joined === whole ? pieces : [{ out: whole, start: s, end: e }];
}
