// A model's tokenizer, built from its tokenizer.json + tokenizer_config.json by Hugging Face's own JavaScript
// tokenizer library, @huggingface/tokenizers — the library transformers.js runs inside its AutoTokenizer
// (PreTrainedTokenizer is a thin wrapper around it). Only the parts of that wrapper the engine used are kept here,
// written the same way, so ids, token types and special tokens are those transformers.js gave; the extension then
// needs none of transformers.js (539 KB with onnxruntime's WebGPU JavaScript and a CDN URL).
// tests/unit/tokens-hf-tokenizer.test.ts checks that against AutoTokenizer on every tokenizer the tests know.
import { Tokenizer } from '@huggingface/tokenizers';
import type { AlignOptions } from './align';
import { matchFastTokenizerLowercase } from './fast-lowercase';
import { alignOptionsFromTokenizerJson } from './options';
import { truncatePairEncoding, type Truncated } from './truncate-ids';

export interface Encoded {
  ids: number[];
  typeIds: number[];
}

type Json = Record<string, unknown>;

/** transformers.js' getTokenFromConfig: the first key set, as a string (an AddedToken object gives its content). */
function tokenFromConfig(config: Json, ...keys: string[]): string | null {
  for (const key of keys) {
    if (!Object.hasOwn(config, key)) continue;
    const item = config[key];
    if (!item) continue;
    if (typeof item === 'object') {
      if ((item as Json).__type === 'AddedToken') return (item as Json).content as string;
      throw Error(`Unknown token: ${String(item)}`);
    }
    return item as string;
  }
  return null;
}

export class HfTokenizer {
  readonly maskId: number | null;
  readonly maskToken: string | null;
  readonly sepId: number;
  /** Ids of every special token ([CLS], [SEP], [PAD], <s> …). */
  readonly specialIds: number[];
  private readonly specialList: string[];
  private readonly idToToken: string[] = [];
  private align: AlignOptions | undefined;

  private constructor(
    private readonly tok: Tokenizer,
    private readonly tokenizerJson: Json,
    tokenizerConfig: Json,
  ) {
    const mask = tokenFromConfig(tokenizerConfig, 'mask_token');
    this.maskToken = mask;
    this.maskId = (mask === null ? undefined : tok.token_to_id(mask)) ?? null;
    const sep = tokenFromConfig(tokenizerConfig, 'sep_token');
    this.sepId = (sep === null ? undefined : tok.token_to_id(sep)) ?? 102;
    const special = [...tok.get_added_tokens_decoder().values()].filter((t) => t.special);
    this.specialIds = special.map((t) => t.id);
    this.specialList = special.map((t) => t.content);
    for (const [token, id] of tok.get_vocab()) this.idToToken[id] = token;
  }

  /** From the parsed tokenizer.json and tokenizer_config.json. */
  static fromJson(tokenizerJson: unknown, tokenizerConfig: unknown): HfTokenizer {
    const json = (tokenizerJson ?? {}) as Json;
    const config = (tokenizerConfig ?? {}) as Json;
    const loaded = new HfTokenizer(new Tokenizer(json, config), json, config);
    // ids as Hugging Face's fast tokenizer gives them (word-final Σ → σ, not ς)
    matchFastTokenizerLowercase({ _tokenizer: loaded.tok }, loaded.alignOptions.lowercase);
    return loaded;
  }

  get specialTokens(): Set<string> {
    return new Set(this.specialList);
  }

  /**
   * How to map this tokenizer's tokens back onto the text (WordPiece ##, BPE Ġ, SentencePiece ▁,
   * lower-casing, accents), read from its tokenizer.json so any Hub model needs no code.
   */
  get alignOptions(): AlignOptions {
    this.align ??= alignOptionsFromTokenizerJson(this.tokenizerJson, this.specialList);
    return this.align;
  }

  tokenOf(id: number): string {
    return this.idToToken[id] ?? '[UNK]';
  }

  /** The text's tokens (special tokens included), as the model's vocabulary writes them. */
  tokens(text: string): string[] {
    return this.encode(text).ids.map((id) => this.idToToken[id] ?? `#${id}`);
  }

  encode(text: string, pair?: string): Encoded {
    // What transformers.js' tokenizer(text, { text_pair, add_special_tokens: true, return_token_type_ids: true })
    // runs (whatever the tokenizer class): no truncation, no padding.
    const enc = this.tok.encode(text, { text_pair: pair ?? null, add_special_tokens: true, return_token_type_ids: true });
    const ids = enc.ids;
    return { ids, typeIds: (enc as { token_type_ids?: number[] }).token_type_ids ?? ids.map(() => 0) };
  }

  /**
   * The pair a + b (`encoded`: this.encode(a, b)) cut to `maxTokens` as Hugging Face's `longest_first` cuts it, i.e.
   * what `tokenizer(a, b, truncation=True, max_length=maxTokens)` gives in Python with the fast tokenizer.
   */
  truncatePair(encoded: Encoded, a: string, b: string, maxTokens: number): Truncated {
    const partA = this.contentIds(a);
    const partB = this.contentIds(b);
    const compared = { a: this.tokensInFirstWords(a, maxTokens) ?? partA.length, b: this.tokensInFirstWords(b, maxTokens) ?? partB.length };
    return truncatePairEncoding(encoded, partA, partB, maxTokens, this.sepId, compared);
  }

  /** The text's ids without the tokens the template adds (one part of a pair, as the pair encodes it). */
  contentIds(text: string): number[] {
    return this.tok.encode(text, { add_special_tokens: false }).ids;
  }

  /**
   * The length Hugging Face's Rust tokenizer gives a part of a pair before `longest_first` compares them: with
   * truncation on, it stops tokenising a part at the first word (pre-token) boundary at or past `limit` tokens
   * (measured against the Rust library on every tokenizer style, tests/unit/tokens-pair-truncation.test.ts).
   * Words are counted by running the library's own pipeline with a model that records each word's tokens; an
   * added token ("[MASK]" typed in the text) is a word of its own. Null when the library's internals are not the
   * expected ones.
   */
  tokensInFirstWords(text: string, limit: number): number | null {
    const t = this.tok as unknown as { model?: (pieces: string[]) => string[]; encode_text?: (s: string) => string[] };
    const model = t.model;
    if (typeof model !== 'function' || typeof t.encode_text !== 'function') return null;
    const words: string[][] = [];
    t.model = (pieces: string[]) =>
      pieces.flatMap((p) => {
        const out = model([p]);
        words.push(...this.splitWords(out));
        return out;
      });
    let tokens: string[];
    try {
      tokens = t.encode_text.call(this.tok, text);
    } finally {
      t.model = model;
    }
    let n = 0;
    let w = 0;
    while (n < tokens.length && n < limit) {
      const next = words[w];
      if (next && next.every((tok, k) => tokens[n + k] === tok)) {
        n += next.length;
        w++;
      } else {
        n++; // an added token
      }
    }
    return n;
  }

  /** A model call's tokens by word: SentencePiece pre-tokenizers hand over whole runs, Rust splits them at '▁'. */
  private splitWords(tokens: string[]): string[][] {
    const marker = this.alignOptions.scheme === 'sentencepiece' ? this.alignOptions.spaceMarker : undefined;
    if (!marker) return tokens.length ? [tokens] : [];
    const out: string[][] = [];
    for (const tok of tokens) {
      if (!out.length || tok.startsWith(marker)) out.push([tok]);
      else out[out.length - 1].push(tok);
    }
    return out;
  }
}
