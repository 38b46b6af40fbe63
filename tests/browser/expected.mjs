// Expected WordPiece tokens computed in Node with the same tokenizer files, independently of the
// extension, so browser tests compare what the user sees against the real bert-base-uncased split.
import { AutoTokenizer, env } from '@huggingface/transformers';
import { join } from 'node:path';
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
