// Checks that a downloaded model loads from the cache alone, the way the engine loads it: files
// read from Cache Storage, graph validated, tokenizer built by transformers.js' AutoTokenizer
// from its cache (no network). The options page runs it after a download and on "Check".
import { VARIANT_FILES } from './catalog';
import type { ModelChoice } from '../shared/model-choice';
import { HubError } from './errors';
import { loadStoredModel, type StoreDeps } from './store';
import { useHubCache } from './transformers-env';
import { validateModel } from './validate';

export const SAMPLE_TEXT = 'Attention Lens reads this model from the cache.';

export interface VerifiedModel {
  layers: number;
  heads: number;
  maxTokens: number;
  /** SAMPLE_TEXT as the model's tokenizer splits it (special tokens included). */
  tokens: string[];
  readMs: number;
  validateMs: number;
  tokenizerMs: number;
}

export async function verifyStoredModel(choice: ModelChoice, options: { hubHost: string } & StoreDeps): Promise<VerifiedModel> {
  const files = await loadStoredModel(choice, options);
  const tv = performance.now();
  const summary = validateModel(files.modelBytes, files.config, choice.id, VARIANT_FILES[choice.variant]);
  const validateMs = performance.now() - tv;
  const tt = performance.now();
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  useHubCache(env, options.hubHost);
  let tokens: string[];
  try {
    const tok = await AutoTokenizer.from_pretrained(choice.id, { revision: choice.revision });
    const enc = tok(SAMPLE_TEXT, { add_special_tokens: true });
    const ids = Array.from(enc.input_ids.data as BigInt64Array, Number);
    const vocab = new Map<number, string>();
    for (const [t, i] of tok.get_vocab() as Map<string, number>) vocab.set(i, t);
    tokens = ids.map((i) => vocab.get(i) ?? `#${i}`);
  } catch (err) {
    throw new HubError('corrupt', `The stored tokenizer of ${choice.id} could not be loaded from the cache (${err instanceof Error ? err.message : String(err)}). Delete the model and download it again.`);
  }
  return { ...summary, tokens, readMs: files.readMs, validateMs, tokenizerMs: performance.now() - tt };
}
