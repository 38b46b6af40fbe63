// Writes the model card models/attention-lens-mini/README.md from training-log.json (written by
// write-training-log.py) and the shipped model file's SHA-256. Run after an export:
//   node models/train/make-card.mjs
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = process.env.AL_MODEL_DIR ?? resolve(import.meta.dirname, '../attention-lens-mini');
const log = JSON.parse(readFileSync(join(dir, 'training-log.json'), 'utf8'));
const onnx = readFileSync(join(dir, 'onnx/model.onnx'));
const sha256 = createHash('sha256').update(onnx).digest('hex');
const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
const storage = config.attention_lens?.weights_storage
  ? 'weights stored as float16 (rounded before the evaluation below; cast to float32 when loaded, so it computes in float32)'
  : 'float32';
const t = log.head_stats.table;
const L = t.cls.length;
const H = t.cls[0].length;
const f = (x) => x.toFixed(4);
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const g = log.geometry;
const ev = log.evaluation;
const tr = log.training;
const rows = [];
for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) {
  rows.push(`| ${l} | ${h} | ${f(t.cls[l][h])} | ${f(t.sep[l][h])} | ${f(t.prev[l][h])} | ${f(t.next[l][h])} | ${f(t.self[l][h])} | ${f(t.ent[l][h])} | ${f(t.word[l][h])} |`);
}
const bar = (b) => `layer ${b.layer} head ${b.head}: ${b.stat} = ${f(b.value)} (${b.value >= 0.5 ? 'meets' : 'does not meet'} ≥ 0.5)`;
const pt = log.position_stats;
const buckets = pt.table.buckets.map(([a, b]) => `${a}–${b}`);
const positionRows = pt.bars.map((b, k) => `| ${buckets[k]} | ${f(b.prev.value)} (L${b.prev.layer}H${b.prev.head}) | ${f(b.next.value)} (L${b.next.layer}H${b.next.head}) | ${f(b.sink.value)} (L${b.sink.layer}H${b.sink.head}) | ${f(b.cls_or_sep.value)} (${b.cls_or_sep.stat}, L${b.cls_or_sep.layer}H${b.cls_or_sep.head}) |`);
// the same heads across buckets: the stage-1 roles at every position
const perHead = (key, l, h) => pt.table[key].map((bucket) => f(bucket[l][h])).join(' | ');
const hb = log.head_stats.bars;
const headRows = [
  [`previous token (L${hb.prev.layer}H${hb.prev.head})`, perHead('prev', hb.prev.layer, hb.prev.head)],
  [`next token (L${hb.next.layer}H${hb.next.head})`, perHead('next', hb.next.layer, hb.next.head)],
  [`[CLS] (L${hb.cls_or_sep.layer}H${hb.cls_or_sep.head}), cls + sep`, pt.table.cls.map((bucket, k) => f(bucket[hb.cls_or_sep.layer][hb.cls_or_sep.head] + pt.table.sep[k][hb.cls_or_sep.layer][hb.cls_or_sep.head])).join(' | ')],
];
const s1 = tr.stage1;
const s2 = tr.stage2;
const card = `# attention-lens-mini

${log.description}

- File: \`onnx/model.onnx\` — ${onnx.length} bytes, sha256: ${sha256}
- Geometry: ${g.num_hidden_layers} layers × ${g.num_attention_heads} heads, hidden ${g.hidden_size}, intermediate ${g.intermediate_size}, ${g.max_position_embeddings} positions (all trained: see the position table), vocabulary ${g.vocab_size} (bert-base-uncased WordPiece ids); ${log.parameters.toLocaleString('en')} encoder parameters + ${log.parameters_mlm_head.toLocaleString('en')} in the masked-LM head; ${storage}.
- Export: Hub/Optimum layout, inputs ${log.onnx.inputs.join(', ')} → ${log.onnx.outputs.join(', ')}; ${log.onnx.attention}. Masked-LM head: ${log.onnx.mlm_head}.

## Training data and licences

${log.sources.map((s) => `- **${s.name}** (${s.via}): ${s.used}. ${s.tokens?.toLocaleString('en') ?? '?'} tokens. Licence: ${s.licence}.`).join('\n')}
- ${log.not_used}.

${log.sources.find((s) => s.licence_text) ? `WordNet licence notice:\n\n> ${log.sources.find((s) => s.licence_text).licence_text.split('\n').join('\n> ')}\n` : ''}
## Training

- Reproduce (one command): \`${tr.reproduce.split(/\s{2,}/)[0]}\` ${tr.reproduce.split(/\s{2,}/).slice(1).join(' ')}, which runs:

\`\`\`sh
${tr.commands.join('\n')}
\`\`\`

- Machine: ${tr.machine}.
- Stage 1 (${s1.what}): ${s1.steps.toLocaleString('en')} steps, ${s1.tokens_seen.toLocaleString('en')} tokens, ${(s1.wall_time_s / 60).toFixed(0)} min wall time.
- Stage 2 (${s2.start}): ${s2.steps.toLocaleString('en')} steps, ${s2.tokens_seen.toLocaleString('en')} tokens, ${(s2.wall_time_s / 60).toFixed(0)} min wall time (${(s2.cpu_process_time_s / 60).toFixed(0)} min of CPU: the core was shared). Why continue instead of starting over: ${s2.why_continue}
- In all: ${tr.steps_total.toLocaleString('en')} steps, ${tr.tokens_seen_total.toLocaleString('en')} tokens.
- Objective: ${tr.objective}.

How the runs went:

${[...(s1.history ?? []).map((h) => `Stage 1 — ${h}`), ...(log.training_history ?? [])].map((h) => `- ${h}`).join('\n')}

## Held-out evaluation (never trained on)

Masked-token prediction, from the shipped \`model.onnx\` (\`tests/unit/model-card.test.ts\` recomputes every number here with onnxruntime-web and the masks in \`heldout-eval.json\`):

| | masked-token accuracy | top-5 | masked-token loss (nats) |
|---|---|---|---|
| ${log.heldout.sentences} single sentences (\`heldout.txt\`) | ${pct(ev.single_sentences.masked_accuracy)} | ${pct(ev.single_sentences.masked_top5)} | ${f(ev.single_sentences.masked_loss)} |
| ${log.heldout.long_windows} windows of 512 tokens (\`heldout-long.txt\`) | ${pct(ev.long_contexts.masked_accuracy)} | ${pct(ev.long_contexts.masked_top5)} | ${f(ev.long_contexts.masked_loss)} |
| unigram baseline (single sentences) | ${pct(ev.single_sentences.unigram_baseline.accuracy)} | | ${f(ev.single_sentences.unigram_baseline.loss)} |

The same ${ev.same_tokens.masked_tokens.toLocaleString('en')} masked tokens of the long texts, once in their 512-token window and once with their sentence alone: ${pct(ev.same_tokens.accuracy_in_512_windows)} in context vs ${pct(ev.same_tokens.accuracy_same_tokens_as_single_sentences)} as single sentences.

Unigram baseline: ${ev.single_sentences.unigram_baseline.method}.

## Quality bars

${Object.entries(log.quality_bar ?? {}).map(([k, v]) => `- \`${k}\`: ${v}`).join('\n')}

## Attention heads at every position

${pt.definition}

Best head per bucket (layer L, head H; 0-based):

| query positions | previous token | next token | [CLS]+[SEP] sink | [CLS] or [SEP] alone |
|---|---|---|---|---|
${positionRows.join('\n')}

The single-sentence heads, bucket by bucket (${buckets.join(', ')}):

| head | ${buckets.join(' | ')} |
|---|${buckets.map(() => '---').join('|')}|
${headRows.map(([name, cells]) => `| ${name} | ${cells} |`).join('\n')}

A ~450-token paragraph in the extension (screenshots by \`node scripts/long-screenshots.mjs\`): the diagonals run through the whole map.

| model view | head view |
|---|---|
| ![model view, 450 tokens](../../docs/long-model-view.png) | ![head view, 450 tokens](../../docs/long-head-view.png) |

## Attention heads on single sentences

${log.head_stats.definition}

Strongest heads: previous token — ${bar(hb.prev)}; next token — ${bar(hb.next)}; [CLS]/[SEP] — ${bar(hb.cls_or_sep)}.

These heads in the extension's head view on a sentence that is not in the training data (screenshots by
\`node scripts/head-screenshots.mjs\`; the UI numbers layers and heads from 1):

| previous token | next token | [CLS] |
|---|---|---|
| ![previous-token head](../../docs/head-view-previous-token.png) | ![next-token head](../../docs/head-view-next-token.png) | ![[CLS] head](../../docs/head-view-cls.png) |

| layer | head | [CLS] | [SEP] | prev | next | self | entropy | same word |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

\`tests/unit/model-card.test.ts\` recomputes both tables from the shipped \`model.onnx\` (onnxruntime-web, in Node) on \`heldout.txt\` / \`heldout-long.txt\` and checks the hash above.
`;
writeFileSync(join(dir, 'README.md'), card);
console.log(`wrote ${join(dir, 'README.md')} (sha256 ${sha256})`);
