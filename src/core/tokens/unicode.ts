// Character classes and byte encodings used by the token aligner.
// Definitions follow the BERT basic tokenizer as implemented by transformers.js
// (@huggingface/tokenizers BertNormalizer / BertPreTokenizer), so the aligner
// removes and splits exactly what the tokenizer removes and splits.
import { utf8Bytes } from '../text/utf8';

export { utf8Bytes };

const CONTROL_RE = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const WHITESPACE_RE = /^\s$/u;
const MARK_RE = /^\p{M}$/u;
const NONSPACING_MARK_RE = /\p{Mn}/gu;
const PUNCT_RE = /^\p{P}$/u;

/** Whitespace as the BERT normaliser sees it (JavaScript `\s`). */
export function isWhitespace(ch: string): boolean {
  return WHITESPACE_RE.test(ch);
}

/**
 * Characters BERT's `clean_text` deletes: NUL, U+FFFD and control/format/private-use/surrogate
 * code points (categories Cc, Cf, Co, Cs) except tab, newline and carriage return.
 */
export function isRemovedControl(ch: string): boolean {
  if (ch === '\t' || ch === '\n' || ch === '\r') return false;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp === 0 || cp === 0xfffd) return true;
  return CONTROL_RE.test(ch);
}

// transformers.js Precompiled normaliser (nmt_nfkc): characters it deletes / turns into a space.
const PRECOMPILED_REMOVED_RE = /^[\u0001-\u0008\u000B\u000E-\u001F\u007F\u008F\u009F]$/;
const PRECOMPILED_SPACE_RE = /^[\u0009\u000A\u000C\u000D\u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u2581\u3000\uFEFF\uFFFD]$/;

export function isPrecompiledRemoved(ch: string): boolean {
  return PRECOMPILED_REMOVED_RE.test(ch);
}

export function isPrecompiledSpace(ch: string): boolean {
  return PRECOMPILED_SPACE_RE.test(ch);
}

/** Combining mark (Mn, Mc, Me): belongs to the preceding base character's span. */
export function isMark(ch: string): boolean {
  return MARK_RE.test(ch);
}

/** BERT punctuation: Unicode category P* plus every non-alphanumeric printable ASCII character. */
export function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
    return true;
  }
  return PUNCT_RE.test(ch);
}

/**
 * CJK ideograph ranges BERT puts spaces around (each one becomes its own word). transformers.js tests
 * UTF-16 code units, so astral ideographs (Extension B+, U+20000…) are NOT split off there; pass
 * `astral = false` (the aligner's default) to mirror that. (The aligner still copes with tokenizers that
 * do split them: a token not found after an [UNK]'s word is searched again from the [UNK]'s start.)
 */
export function isCjkIdeograph(cp: number, astral = true): boolean {
  if (!astral && cp > 0xffff) return false;
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** NFD and drop non-spacing marks (BERT `strip_accents`). */
export function stripAccents(s: string): string {
  return s.normalize('NFD').replace(NONSPACING_MARK_RE, '');
}

/**
 * Case-insensitive equivalences lowercasing one character at a time cannot reproduce:
 * `String.prototype.toLowerCase` maps a word-final Σ to ς only in context, so σ/ς compare equal.
 */
export function foldChar(ch: string): string {
  return ch === 'ς' ? 'σ' : ch;
}

/**
 * GPT-2's `bytes_to_unicode`, inverted: byte-level BPE spells every byte as a printable character ('Ġ' = 0x20 space,
 * 'Ċ' = 0x0A newline, …). Printable bytes stand for themselves; the others get U+0100 on, in byte order.
 */
export function buildByteDecoder(): Map<string, number> {
  const m = new Map<string, number>();
  const direct = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (direct(b)) m.set(String.fromCharCode(b), b);
    else m.set(String.fromCharCode(256 + extra++), b);
  }
  return m;
}

let byteDecoder: Map<string, number> | null = null;

/** The byte a byte-level BPE character stands for (buildByteDecoder), or undefined. */
export function byteLevelByte(ch: string): number | undefined {
  byteDecoder ??= buildByteDecoder();
  return byteDecoder.get(ch);
}

/** True for ASCII whitespace bytes (space, \t, \n, \v, \f, \r). */
export function isWhitespaceByte(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d);
}
