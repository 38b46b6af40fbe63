// Writes the model card models/attention-lens-mini/README.md from training-log.json (written by
// write-training-log.py) and the shipped model file's SHA-256. Run after an export:
//   node models/train/make-card.mjs
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '../attention-lens-mini');
const log = JSON.parse(readFileSync(join(dir, 'training-log.json'), 'utf8'));
const onnx = readFileSync(join(dir, 'onnx/model.onnx'));
const sha256 = createHash('sha256').update(onnx).digest('hex');
const t = log.head_stats.table;
const L = t.cls.length;
const H = t.cls[0].length;
const f = (x) => x.toFixed(4);
const ev = log.evaluation;
const g = log.geometry;
const rows = [];
for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) {
  rows.push(`| ${l} | ${h} | ${f(t.cls[l][h])} | ${f(t.sep[l][h])} | ${f(t.prev[l][h])} | ${f(t.next[l][h])} | ${f(t.self[l][h])} | ${f(t.ent[l][h])} | ${f(t.word[l][h])} |`);
}
const bar = (b) => `layer ${b.layer} head ${b.head}: ${b.stat} = ${f(b.value)} (${b.value >= 0.5 ? 'meets' : 'does not meet'} ≥ 0.5)`;
const card = `# attention-lens-mini

${log.description}

- File: \`onnx/model.onnx\` — ${onnx.length} bytes, sha256: ${sha256}
- Geometry: ${g.num_hidden_layers} layers × ${g.num_attention_heads} heads, hidden ${g.hidden_size}, intermediate ${g.intermediate_size}, ${g.max_position_embeddings} positions, vocabulary ${g.vocab_size} (bert-base-uncased WordPiece ids); ${log.parameters.toLocaleString('en')} parameters; float32.
- Export: Hub/Optimum layout, inputs ${log.onnx.inputs.join(', ')} → ${log.onnx.outputs.join(', ')}; ${log.onnx.attention}.

## Training data and licences

${log.sources.map((s) => `- **${s.name}** (${s.via}): ${s.used}. ${s.tokens?.toLocaleString('en') ?? '?'} tokens. Licence: ${s.licence}.`).join('\n')}
- ${log.not_used}.

${log.sources.find((s) => s.licence_text) ? `WordNet licence notice:\n\n> ${log.sources.find((s) => s.licence_text).licence_text.split('\n').join('\n> ')}\n` : ''}
## Training

- Reproduce (one command): \`${log.training.reproduce.split(/\s{2,}/)[0]}\` ${log.training.reproduce.split(/\s{2,}/).slice(1).join(' ')}, which runs:

\`\`\`sh
${log.training.commands.join('\n')}
\`\`\`

- Steps: ${log.training.steps}; tokens seen: ${log.training.tokens_seen.toLocaleString('en')}; CPU wall time: ${(log.training.cpu_wall_time_s / 60).toFixed(1)} min (${log.training.hardware}).
- Objective: ${log.training.objective}.

How the run went (from \`training-log.json\`):

${(log.training_history ?? []).map((h) => `- ${h}`).join('\n')}

## Held-out evaluation (${log.heldout.sentences} sentences in \`heldout.txt\`, never trained on)

${ev.method}.

| | masked-token accuracy | masked-token loss (nats) |
|---|---|---|
| attention-lens-mini | ${f(ev.masked_accuracy)} | ${f(ev.masked_loss)} |
| unigram baseline | ${f(ev.unigram_baseline.accuracy)} | ${f(ev.unigram_baseline.loss)} |

Unigram baseline: ${ev.unigram_baseline.method}.

## Attention heads

${log.head_stats.definition}

Strongest heads: previous token — ${bar(log.head_stats.bars.prev)}; next token — ${bar(log.head_stats.bars.next)}; [CLS]/[SEP] — ${bar(log.head_stats.bars.cls_or_sep)}.

${(() => {
  const w = t.word.flatMap((row, l) => row.map((v, h) => ({ l, h, v }))).sort((a, b) => b.v - a.v);
  return `Pieces of one word ("same word" column): the strongest are layer ${w[0].l} head ${w[0].h} (${f(w[0].v)}) and layer ${w[1].l} head ${w[1].h} (${f(w[1].v)}); compare their prev/next columns — the positional heads also link a word's pieces, as neighbours; no head is specific to word pieces.`;
})()}

These heads in the extension's head view on a sentence that is not in the training data (screenshots by
\`node scripts/head-screenshots.mjs\`; the UI numbers layers and heads from 1):

| previous token | next token | [CLS] |
|---|---|---|
| ![previous-token head](../../docs/head-view-previous-token.png) | ![next-token head](../../docs/head-view-next-token.png) | ![[CLS] head](../../docs/head-view-cls.png) |

| layer | head | [CLS] | [SEP] | prev | next | self | entropy | same word |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

\`tests/unit/model-card.test.ts\` recomputes this table from the shipped \`model.onnx\` (onnxruntime-web, in Node) on \`heldout.txt\` and checks the hash above.
`;
writeFileSync(join(dir, 'README.md'), card);
console.log(`wrote ${join(dir, 'README.md')} (sha256 ${sha256})`);
