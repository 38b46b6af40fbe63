// The model's tokenizer (src/core/tokens/hf-tokenizer.ts: Hugging Face's @huggingface/tokenizers), its files read
// from the extension (bundled models) or from Cache Storage (downloaded ones), never the network.
// @huggingface/tokenizers gives no offset mapping: spans are computed by src/core/tokens from the text.
import { HfTokenizer, type Encoded } from '../core/tokens/hf-tokenizer';
import { hubFileUrl } from '../hub/catalog';
import { HUB_CACHE } from '../hub/store';
import { ProtocolError } from '../shared/protocol';
import { fetchModelJson, modelFilePath } from './model-files';
import { t } from '../shared/i18n';

export type { Encoded };

const FILES = ['tokenizer.json', 'tokenizer_config.json'] as const;

/** A downloaded model's JSON file, from the cache entry the options page's download wrote. */
async function cachedJson(modelId: string, file: string, hub: { hubHost: string; revision: string }): Promise<unknown> {
  const cache = await caches.open(HUB_CACHE);
  const res = await cache.match(hubFileUrl(hub.hubHost, modelId, hub.revision, file));
  if (!res) throw new Error(`${file} is not in the cache`);
  return JSON.parse(await res.text()) as unknown;
}

/** The engine's tokenizer: HfTokenizer (encode, tokenOf, special and mask tokens, alignOptions). */
export type BertTokenizer = HfTokenizer;

export const BertTokenizer = {
  /** A bundled model from the extension's models/ folder, or (hub given) a downloaded one from Cache Storage — never the network. */
  async load(modelId: string, hub?: { hubHost: string; revision: string }): Promise<BertTokenizer> {
    try {
      const [json, config] = await Promise.all(FILES.map((f) => (hub ? cachedJson(modelId, f, hub) : fetchModelJson<unknown>(modelId, f))));
      return HfTokenizer.fromJson(json, config);
    } catch (err) {
      throw new ProtocolError(
        'model-file',
        t('engine_tokenizer_failed', modelFilePath(modelId, 'tokenizer.json'), err instanceof Error ? err.message : String(err)),
      );
    }
  },
};
