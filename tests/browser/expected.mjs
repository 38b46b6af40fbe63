// Expected WordPiece tokens computed in Node with the same tokenizer files, independently of the
// extension, so browser tests compare what the user sees against the real bert-base-uncased split.
import { AutoTokenizer, env } from '@huggingface/transformers';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './harness.mjs';

env.localModelPath = join(ROOT, 'models') + '/';
env.allowRemoteModels = false;

let tok;
export async function expectedTokens(text, modelId, pair = undefined) {
  modelId ??= 'attention-lens-mini';
  tok ??= await AutoTokenizer.from_pretrained(modelId);
  const vocab = [];
  for (const [t, id] of tok.get_vocab()) vocab[id] = t;
  const enc = pair === undefined ? tok(text) : tok(text, { text_pair: pair });
  return Array.from(enc.input_ids.data, (id) => vocab[Number(id)]);
}

/**
 * A sentence pair cut to `maxLength` tokens by Hugging Face's Rust tokenizer (npm `tokenizers`, the "fast" tokenizer
 * Python's transformers runs) with `longest_first`: what `tokenizer(a, b, truncation=True, max_length=…)` gives.
 */
export async function expectedPairTokensTruncated(a, b, maxLength, modelId = 'attention-lens-mini') {
  const { Tokenizer } = createRequire(import.meta.url)('tokenizers');
  const rust = Tokenizer.fromFile(join(ROOT, 'models', modelId, 'tokenizer.json'));
  rust.setTruncation(maxLength, { strategy: 'LongestFirst' });
  return (await rust.encode(a, b)).getTokens();
}
