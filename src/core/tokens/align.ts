// Token → character-span alignment for tokenizers that give no offset mapping (transformers.js).
//
// BPE, Unigram and WordLevel tokenizers (AlignOptions.pipeline, from their tokenizer.json) get the offsets Hugging
// Face's Rust tokenizer gives: pipeline.ts re-reads the text with the tokenizer's own normalisers and pre-tokenizers.
// What follows is how WordPiece tokens are placed, and any token that reading could not place.
//
// The text is normalised exactly like the tokenizer normalises it (see normalize.ts), keeping for
// every normalised UTF-8 byte the original UTF-16 span that produced it. Tokens are converted to
// bytes too and matched left to right against that stream, so:
//   • lowercasing that changes length ('İ' → 'i̇'), NFD accent stripping and combining marks map
//     back to the whole original cluster (base + marks);
//   • deleted control characters are skipped (a token may span across them);
//   • CJK, kana, Hangul (NFD jamo), emoji and surrogate pairs are matched byte-wise; when several
//     tokens come from one original character (jamo of one syllable, byte-level pieces of one
//     emoji) they all get that character's span;
//   • RTL text needs nothing special: tokens and spans are in logical (memory) order.
// Unknown tokens ([UNK]) match nothing themselves: each covers one word-run (whitespace-,
// punctuation- and CJK-delimited) and the last of a run of [UNK]s extends to the next aligned token.
// Added tokens typed in the text ("[MASK]", "[SEP]") are stepped over (also after pending [UNK]s) and
// get no span; a typed "[UNK]" spans exactly its own characters.
// Never throws. Tokens that cannot be placed get null; spans are monotonic (starts and ends never
// decrease), though tokens cut from one original character share (overlap on) its span.

import { CharClass, normalizeCluster, normalizeWithOffsets, type NormalizeOptions, type NormalizedText } from './normalize';
import { pipelineSpans, type TokenizerPipeline } from './pipeline';
import { byteLevelByte, foldChar, isWhitespace, isWhitespaceByte, utf8Bytes } from './unicode';

export type TokenScheme = 'wordpiece' | 'bpe' | 'sentencepiece';
export type Span = [number, number];

export interface AlignOptions {
  /** Tokenizer lowercases its input. */
  lowercase: boolean;
  /** Tokenizer strips accents (NFD + drop non-spacing marks). */
  stripAccents: boolean;
  /** WordPiece continuation prefix, default '##'. */
  continuationPrefix?: string;
  /** Token strings the tokenizer adds ([CLS], [SEP], <s> …): they get a null span. */
  specialTokens: Set<string>;
  /** Token spelling; default 'wordpiece'. 'bpe' = byte-level BPE ('Ġ' = space), 'sentencepiece' = '▁' = space. */
  scheme?: TokenScheme;
  /** The unknown token; default '[UNK]' (wordpiece), '<unk>' (sentencepiece), none (bpe). null = none. */
  unkToken?: string | null;
  /** Delete control characters / map whitespace to ' ' (BERT clean_text); default true for wordpiece. */
  cleanText?: boolean;
  /** Unicode normalisation the tokenizer applies first (e.g. 'NFKC' for many SentencePiece models). */
  unicodeNormalization?: NormalizeOptions['unicodeNormalization'];
  /** SentencePiece Precompiled normaliser: zero-width / format spaces count as spaces (see normalize.ts). */
  precompiled?: boolean;
  /** bpe only: tokens spell bytes with GPT-2's byte-to-unicode table; default true. */
  byteLevel?: boolean;
  /** Character that spells a space inside tokens; default 'Ġ' (bpe, non byte-level) or '▁' (sentencepiece). */
  spaceMarker?: string;
  /**
   * BPE / Unigram / WordLevel: the tokenizer's normalisers, pre-tokenizers, model and post-processor from its
   * tokenizer.json (alignOptionsFromTokenizerJson). With it, spans are Hugging Face's Rust tokenizer's offsets
   * (pipeline.ts); without it (WordPiece) the rules above.
   */
  pipeline?: TokenizerPipeline;
  /** A sentence pair's text: where the second sentence starts (the tokenizer read each on its own); with `pipeline`. */
  pairStart?: number;
}

interface Resolved {
  scheme: TokenScheme;
  prefix: string;
  unk: string | null;
  special: Set<string>;
  byteLevel: boolean;
  spaceMarker: string;
  /** Whitespace inside a token matches any run of whitespace in the text (false: byte-exact). */
  flexibleSpace: boolean;
  norm: NormalizeOptions;
}

function resolve(opts: AlignOptions): Resolved {
  const scheme: TokenScheme = opts.scheme ?? 'wordpiece';
  const defaultUnk = scheme === 'wordpiece' ? '[UNK]' : scheme === 'sentencepiece' ? '<unk>' : null;
  return {
    scheme,
    prefix: opts.continuationPrefix ?? (scheme === 'wordpiece' ? '##' : ''),
    unk: opts.unkToken === undefined ? defaultUnk : opts.unkToken,
    special: opts.specialTokens instanceof Set ? opts.specialTokens : new Set<string>(),
    byteLevel: scheme === 'bpe' && opts.byteLevel !== false,
    spaceMarker: opts.spaceMarker ?? (scheme === 'sentencepiece' ? '▁' : 'Ġ'),
    flexibleSpace: !(scheme === 'bpe' && opts.byteLevel !== false),
    norm: {
      lowercase: !!opts.lowercase,
      stripAccents: !!opts.stripAccents,
      cleanText: opts.cleanText ?? scheme === 'wordpiece',
      unicodeNormalization: opts.unicodeNormalization,
      precompiled: !!opts.precompiled,
    },
  };
}

/** A token as bytes, each flagged when it is whitespace. */
interface Units {
  bytes: number[];
  space: boolean[];
}

function pushChars(s: string, u: Units): void {
  const buf: number[] = [];
  for (const raw of s) {
    const ch = foldChar(raw);
    const sp = isWhitespace(ch);
    buf.length = 0;
    utf8Bytes(ch.codePointAt(0) ?? 0, buf);
    for (const b of buf) {
      u.bytes.push(b);
      u.space.push(sp);
    }
  }
}

const BYTE_FALLBACK = /^<0x([0-9A-Fa-f]{2})>$/;

function tokenUnits(token: string, o: Resolved): Units {
  const u: Units = { bytes: [], space: [] };
  if (o.scheme === 'bpe' && o.byteLevel) {
    for (const ch of token) {
      const b = byteLevelByte(ch);
      if (b === undefined) pushChars(ch, u);
      else {
        u.bytes.push(b);
        u.space.push(isWhitespaceByte(b));
      }
    }
    return u;
  }
  const fallback = o.scheme === 'sentencepiece' ? BYTE_FALLBACK.exec(token) : null;
  if (fallback) {
    const b = parseInt(fallback[1], 16);
    u.bytes.push(b);
    u.space.push(isWhitespaceByte(b));
    return u;
  }
  let body = token;
  if (o.prefix && body.startsWith(o.prefix) && body.length > o.prefix.length) body = body.slice(o.prefix.length);
  if (o.scheme !== 'wordpiece' && o.spaceMarker) body = body.split(o.spaceMarker).join(' ');
  // Tokens are already normalised; normalising again is idempotent and catches added tokens.
  pushChars(normalizeCluster(body, { ...o.norm, cleanText: false }), u);
  return u;
}

/** Matcher over the normalised text. */
class Matcher {
  constructor(
    readonly nt: NormalizedText,
    readonly flexibleSpace: boolean,
  ) {}

  isSpace(p: number): boolean {
    return this.nt.charClass[this.nt.charOf[p]] === CharClass.Space;
  }

  skipSpace(p: number): number {
    while (p < this.nt.length && this.isSpace(p)) p++;
    return p;
  }

  /** End (exclusive) of the match of units[a..b) starting at unit p, or -1. */
  matchAt(p: number, u: Units, a: number, b: number): number {
    const { nt } = this;
    for (let k = a; k < b; k++) {
      if (this.flexibleSpace && u.space[k]) {
        while (k + 1 < b && u.space[k + 1]) k++;
        if (p >= nt.length || !this.isSpace(p)) return -1;
        p = this.skipSpace(p);
        continue;
      }
      if (p >= nt.length || nt.bytes[p] !== u.bytes[k]) return -1;
      p++;
    }
    return p;
  }

  /** First p ≥ from where units[a..b) match (units[a] is never whitespace), or -1. */
  find(from: number, u: Units, a: number, b: number): number {
    const first = u.bytes[a];
    for (let p = from; p < this.nt.length; p++) {
      if (this.nt.bytes[p] === first && this.matchAt(p, u, a, b) >= 0) return p;
    }
    return -1;
  }

  /** End of the next word-run at or after p: a single punctuation/CJK character or a run of other characters. */
  runEnd(p: number, limit = this.nt.length): number {
    const { nt } = this;
    p = this.skipSpace(p);
    if (p >= limit) return limit;
    const c = nt.charClass[nt.charOf[p]];
    if (c === CharClass.Punct || c === CharClass.Cjk) {
      const ch = nt.charOf[p];
      while (p < limit && nt.charOf[p] === ch) p++;
      return p;
    }
    while (p < limit && nt.charClass[nt.charOf[p]] === CharClass.Other) p++;
    return p;
  }

  /** End of the next non-space character at or after p. */
  charEnd(p: number, limit = this.nt.length): number {
    p = this.skipSpace(p);
    if (p >= limit) return limit;
    const ch = this.nt.charOf[p];
    while (p < limit && this.nt.charOf[p] === ch) p++;
    return p;
  }

  /** Non-empty pieces of [a, b) cut by runEnd (words) or charEnd (characters), as unit ranges. */
  pieces(a: number, b: number, byChar: boolean): Span[] {
    const out: Span[] = [];
    let p = a;
    while (p < b) {
      const s = this.skipSpace(p);
      if (s >= b) break;
      const e = byChar ? this.charEnd(s, b) : this.runEnd(s, b);
      out.push([s, e]);
      p = e;
    }
    return out;
  }

  span(s: number, e: number): Span {
    return [this.nt.start[s], this.nt.end[e - 1]];
  }
}

function alignInto(text: string, tokens: readonly string[], o: Resolved, out: Array<Span | null>): void {
  const nt = normalizeWithOffsets(text, o.norm);
  const m = new Matcher(nt, o.flexibleSpace);
  let cursor = 0;
  let pending: number[] = [];

  // Text before `floor` belongs to a typed added token: a later span starts no earlier (a mark the
  // tokenizer splits off "[MASK]ा" shares the cluster of ']', but the span must not take the ']').
  let floor = 0;
  const spanOf = (s: number, e: number): Span => {
    const sp = m.span(s, e);
    if (sp[0] < floor && floor < sp[1]) sp[0] = floor;
    return sp;
  };

  /** Unit position after `k` word-runs (wordpiece: an [UNK] is a whole word) or characters. */
  const minEnd = (from: number, k: number, byChar: boolean): number => {
    let p = from;
    for (let q = 0; q < k; q++) p = byChar ? m.charEnd(p) : m.runEnd(p);
    return p;
  };

  /** Give the pending [UNK]s the unit region [a, b): one word-run each, the last takes the rest. */
  const settle = (a: number, b: number): void => {
    const k = pending.length;
    let parts = m.pieces(a, b, false);
    if (parts.length < k) parts = m.pieces(a, b, true);
    for (let q = 0; q < k && q < parts.length; q++) {
      const last = q === k - 1 ? parts[parts.length - 1] : parts[q];
      out[pending[q]] = spanOf(parts[q][0], last[1]);
    }
    pending = [];
  };

  /**
   * Where an added token typed in the text ("[MASK]", "[UNK]") is: right after the cursor, or after the
   * word-runs of the pending [UNK]s (they come before it). The tokenizer finds added tokens in the raw
   * text, so the raw text must spell the token exactly ("[\u007fMASK]" or "[mask]" is no [MASK]).
   * Unit range [p, e), or null.
   */
  const literalAt = (tok: string, u: Units, a: number, b: number): Span | null => {
    if (a >= b) return null;
    const p = m.skipSpace(pending.length ? minEnd(cursor, pending.length, o.scheme !== 'wordpiece') : cursor);
    if (p >= nt.length || !text.startsWith(tok, nt.start[p])) return null;
    const e = m.matchAt(p, u, a, b);
    return e >= 0 ? [p, e] : null;
  };

  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (typeof tok !== 'string' || tok.length === 0) continue;
    const u = tokenUnits(tok, o);
    let a = 0;
    let b = u.bytes.length;
    while (a < b && u.space[a]) a++;
    while (b > a && u.space[b - 1]) b--;

    if (o.unk !== null && tok === o.unk) {
      // A typed "[UNK]" is read by the tokenizer as the unknown token itself: it spans those characters.
      const lit = literalAt(tok, u, a, b);
      if (lit) {
        if (pending.length) settle(cursor, lit[0]);
        const s0 = nt.start[lit[0]];
        out[t] = [s0, s0 + tok.length];
        floor = s0 + tok.length;
        cursor = lit[1];
      } else pending.push(t);
      continue;
    }

    if (o.special.has(tok)) {
      // Tokens the tokenizer adds get no span; one typed in the text ("[MASK]", "<mask>") spans those characters,
      // as in Hugging Face's offsets, so it can be found on the page (buildTokenInfos marks it typed). The first
      // token is the template's own ([CLS], <s>), never typed text, even when the text starts with "[CLS]".
      const lit = t === 0 ? null : literalAt(tok, u, a, b);
      if (lit) {
        if (pending.length) settle(cursor, lit[0]);
        const s0 = nt.start[lit[0]];
        out[t] = [s0, s0 + tok.length];
        floor = s0 + tok.length;
        cursor = lit[1];
      }
      continue;
    }

    if (a === b) {
      // Whitespace-only token ('Ġ', '▁', 'ĊĊ'): covers the whitespace at the cursor.
      if (u.bytes.length === 0) continue;
      let p = cursor;
      if (pending.length) {
        p = minEnd(cursor, pending.length, o.scheme !== 'wordpiece');
        while (p < nt.length && !m.isSpace(p)) p++;
      }
      if (p >= nt.length || !m.isSpace(p)) continue;
      let e = p;
      if (o.flexibleSpace) e = m.skipSpace(p);
      else for (let q = 0; q < u.bytes.length && e < nt.length && m.isSpace(e); q++) e++;
      if (pending.length) settle(cursor, p);
      out[t] = spanOf(p, e);
      cursor = e;
      continue;
    }

    let from = cursor;
    if (pending.length) from = minEnd(cursor, pending.length, o.scheme !== 'wordpiece');
    let p = m.find(from, u, a, b);
    if (p < 0 && from > cursor) p = m.find(cursor, u, a, b);
    if (p < 0) continue;
    const e = m.matchAt(p, u, a, b);
    if (pending.length) settle(cursor, p);
    out[t] = spanOf(p, e);
    cursor = e;
  }
  if (pending.length) {
    // Trailing unknown tokens. WordPiece: one word-run each. SentencePiece fuses a run of unknown
    // characters into one <unk> and does not split CJK or punctuation off, so the last one takes the
    // rest of its whitespace-delimited run (as before a whitespace token above).
    let end = minEnd(cursor, pending.length, o.scheme !== 'wordpiece');
    if (o.scheme !== 'wordpiece') while (end < nt.length && !m.isSpace(end)) end++;
    settle(cursor, end);
  }
}

/** Drop any span that would break monotonic order or fall outside the text. */
function enforceMonotonic(spans: Array<Span | null>, textLength: number): Array<Span | null> {
  let lastStart = 0;
  let lastEnd = 0;
  for (let t = 0; t < spans.length; t++) {
    const s = spans[t];
    if (!s) continue;
    const [a, b] = s;
    if (!(a >= lastStart && b >= lastEnd && a < b && b <= textLength)) {
      spans[t] = null;
      continue;
    }
    lastStart = a;
    lastEnd = b;
  }
  return spans;
}

/**
 * Span [start, end) in UTF-16 units of `text` for every token, or null for special tokens the tokenizer added and
 * tokens that cannot be placed (a special token typed in the text spans its characters). See the file comment for the
 * rules; with `opts.pipeline` (BPE, Unigram, WordLevel) the spans are the Rust tokenizer's offsets instead (pipeline.ts), and the
 * rules above only place what that could not. Never throws.
 */
export function alignTokens(text: string, tokens: string[], opts: AlignOptions): Array<[number, number] | null> {
  const n = Array.isArray(tokens) ? tokens.length : 0;
  const out: Array<Span | null> = new Array<Span | null>(n).fill(null);
  if (typeof text !== 'string' || text.length === 0 || n === 0) return out;
  const o = resolve(opts ?? ({} as AlignOptions));
  if (opts?.pipeline) {
    try {
      return fromPipeline(text, tokens, opts.pipeline, o, opts.pairStart);
    } catch {
      out.fill(null);
    }
  }
  try {
    alignInto(text, tokens, o, out);
  } catch {
    // Keep whatever was aligned before the failure; the rest stays null.
  }
  return enforceMonotonic(out, text.length);
}

/** Spans from the tokenizer's pipeline; tokens it could not place get the aligner's span where that keeps the order. */
function fromPipeline(text: string, tokens: string[], pipeline: TokenizerPipeline, o: Resolved, pairStart?: number): Array<Span | null> {
  const { spans, unplaced } = pipelineSpans(text, tokens, pipeline, o.special, pairStart);
  for (let t = 0; t < spans.length; t++) {
    const s = spans[t];
    if (s && !(s[0] >= 0 && s[0] <= s[1] && s[1] <= text.length)) {
      spans[t] = null;
      unplaced.push(t);
    }
  }
  if (unplaced.length === 0) return spans;
  const old: Array<Span | null> = new Array<Span | null>(tokens.length).fill(null);
  try {
    alignInto(text, tokens, o, old);
  } catch {
    // what was aligned before the failure
  }
  enforceMonotonic(old, text.length);
  for (const t of unplaced.sort((a, b) => a - b)) {
    const s = old[t];
    if (!s) continue;
    let before = 0;
    for (let k = t - 1; k >= 0; k--) {
      if (spans[k]) {
        before = spans[k]![0];
        break;
      }
    }
    let after = text.length;
    for (let k = t + 1; k < spans.length; k++) {
      if (spans[k]) {
        after = spans[k]![1];
        break;
      }
    }
    if (s[0] >= before && s[1] <= after) spans[t] = s;
  }
  return spans;
}
