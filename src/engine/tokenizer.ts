// Tokenisation with @huggingface/transformers (files read from the extension, never the network).
// transformers.js gives no offset mapping: spans are computed by src/core/tokens from the text.
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { extensionUrl } from '../platform/runtime';
import { ProtocolError } from '../shared/protocol';
import type { AlignOptions } from '../core/tokens/align';
import { alignOptionsFromTokenizerJson } from '../core/tokens/options';
import { matchFastTokenizerLowercase } from '../core/tokens/fast-lowercase';
import { modelFilePath } from './model-files';
import { useHubCache } from '../hub/transformers-env';

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.useBrowserCache = false;
env.localModelPath = extensionUrl('models/');

export interface Encoded {
  ids: number[];
  typeIds: number[];
}

export class BertTokenizer {
  private constructor(
    private readonly tok: PreTrainedTokenizer,
    private readonly idToToken: string[],
  ) {}

  /** A bundled model from the extension's models/ folder, or (hub given) a downloaded one from Cache Storage — never the network. */
  static async load(modelId: string, hub?: { hubHost: string; revision: string }): Promise<BertTokenizer> {
    let tok: PreTrainedTokenizer;
    try {
      if (hub) useHubCache(env, hub.hubHost);
      else env.useBrowserCache = false;
      tok = await AutoTokenizer.from_pretrained(modelId, hub ? { revision: hub.revision } : {});
    } catch (err) {
      throw new ProtocolError('model-file', `Tokenizer files ${modelFilePath(modelId, 'tokenizer.json')} / tokenizer_config.json could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
    }
    const idToToken: string[] = [];
    for (const [token, id] of tok.get_vocab() as Map<string, number>) idToToken[id] = token;
    const loaded = new BertTokenizer(tok, idToToken);
    // ids as Hugging Face's fast tokenizer gives them (word-final Σ → σ, not ς)
    matchFastTokenizerLowercase(tok, loaded.alignOptions.lowercase);
    return loaded;
  }

  /** The mask token's id ([MASK], <mask>), or null when the tokenizer has none. */
  get maskId(): number | null {
    return this.tok.mask_token_id ?? null;
  }

  get maskToken(): string | null {
    return this.tok.mask_token ?? null;
  }

  get sepId(): number {
    return this.tok.sep_token_id ?? 102;
  }

  /** Ids of every special token ([CLS], [SEP], [PAD], <s> …). */
  get specialIds(): number[] {
    return (this.tok.all_special_ids ?? []) as number[];
  }

  get specialTokens(): Set<string> {
    return new Set(this.tok.all_special_tokens);
  }

  /**
   * How to map this tokenizer's tokens back onto the text (WordPiece ##, BPE Ġ, SentencePiece ▁,
   * lower-casing, accents), read from its tokenizer.json so any Hub model needs no code.
   */
  get alignOptions(): AlignOptions {
    this.align ??= alignOptionsFromTokenizerJson((this.tok as unknown as { _tokenizerJSON?: unknown })._tokenizerJSON ?? {}, this.tok.all_special_tokens);
    return this.align;
  }

  private align: AlignOptions | undefined;

  tokenOf(id: number): string {
    return this.idToToken[id] ?? '[UNK]';
  }

  encode(text: string, pair?: string): Encoded {
    // Plain arrays (return_tensor: false): the engine builds its own int64 feeds once.
    const enc = this.tok(text, { text_pair: pair ?? null, return_token_type_ids: true, add_special_tokens: true, return_tensor: false }) as unknown as {
      input_ids: number[];
      token_type_ids?: number[];
    };
    const ids = enc.input_ids;
    return { ids, typeIds: enc.token_type_ids ?? ids.map(() => 0) };
  }
}
