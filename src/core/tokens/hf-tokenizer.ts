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
}
