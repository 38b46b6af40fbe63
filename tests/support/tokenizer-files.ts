// A tokenizer folder (tokenizer.json + tokenizer_config.json: models/attention-lens-mini, tests/fixtures/tokenizers/*,
// the Hub fixtures) as the tests read it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HfTokenizer } from '../../src/core/tokens/hf-tokenizer';

/** The folder's tokenizer.json, parsed. */
export function readTokenizerJson(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8'));
}

/** The engine's tokenizer for the folder: HfTokenizer.fromJson on its tokenizer.json (`json`, when already read) and tokenizer_config.json. */
export function loadTokenizer(dir: string, json: unknown = readTokenizerJson(dir)): HfTokenizer {
  return HfTokenizer.fromJson(json, JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')));
}
