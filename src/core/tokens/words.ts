// Word index per token: which whitespace/punctuation-delimited word a token belongs to.

import type { TokenScheme } from './align';
import { isCjkIdeograph, isPunctuation } from './unicode';

export interface WordOptions {
  /** Default 'wordpiece'. */
  scheme?: TokenScheme;
  /** WordPiece continuation prefix, default '##'. */
  continuationPrefix?: string;
  /** Space marker that starts a new word for bpe ('Ġ') / sentencepiece ('▁'). */
  spaceMarker?: string;
  /** Token spans (from alignTokens); for bpe/sentencepiece a gap between two spans also starts a new word. */
  spans?: ReadonlyArray<readonly [number, number] | null>;
}

function isPunctOrCjkOnly(s: string): boolean {
  if (s.length === 0) return false;
  for (const ch of s) if (!isPunctuation(ch) && !isCjkIdeograph(ch.codePointAt(0) ?? 0)) return false;
  return true;
}

/**
 * Word index for every token; -1 for special tokens. Words are numbered 0, 1, 2 … in order.
 *
 * wordpiece: a token starting with the continuation prefix ('##piece') joins the word of the previous
 *   token (BERT pre-tokenises on whitespace, punctuation and CJK characters, so every other token
 *   starts a new word). A continuation right after a special token starts a new word.
 * bpe / sentencepiece: a token starts a new word when it begins with the space marker, is
 *   punctuation/CJK only, follows a punctuation/CJK-only token or a special token, or (with spans)
 *   its span does not touch the previous token's span; otherwise it continues the previous word.
 */
export function wordIndices(tokens: readonly string[], special: readonly boolean[], opts: WordOptions = {}): number[] {
  const scheme = opts.scheme ?? 'wordpiece';
  const prefix = opts.continuationPrefix ?? '##';
  const marker = opts.spaceMarker ?? (scheme === 'sentencepiece' ? '▁' : 'Ġ');
  const out: number[] = [];
  let word = -1;
  let prevIsWordToken = false; // previous token is a non-special token
  let prevPunct = false;
  let prevEnd: number | null = null;
  for (let t = 0; t < tokens.length; t++) {
    const tok = typeof tokens[t] === 'string' ? tokens[t] : '';
    if (special[t]) {
      out.push(-1);
      prevIsWordToken = false;
      prevEnd = null;
      continue;
    }
    let continues: boolean;
    const span = opts.spans?.[t] ?? null;
    if (scheme === 'wordpiece') {
      continues = prevIsWordToken && prefix.length > 0 && tok.startsWith(prefix) && tok.length > prefix.length;
    } else {
      const body = tok.startsWith(marker) ? '' : tok;
      const punct = isPunctOrCjkOnly(tok.split(marker).join(''));
      continues = prevIsWordToken && body.length > 0 && !punct && !prevPunct && !(span !== null && prevEnd !== null && span[0] > prevEnd);
      prevPunct = punct;
    }
    if (!continues) word++;
    out.push(word);
    prevIsWordToken = true;
    if (span !== null) prevEnd = span[1];
  }
  return out;
}
