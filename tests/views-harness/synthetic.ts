// Synthetic but realistic AttentionResults for the harness: WordPiece-like tokens with [CLS]/[SEP]/##,
// heads with recognisable patterns (previous / next token, [SEP]/[CLS] sinks, broad, same-word, coreference),
// and, for short inputs, query/key vectors whose scaled dot products reproduce the attention exactly.
import type { AttentionResult, TokenInfo } from '../../src/shared/attention-result';
import { prng } from '../support/prng';

function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(1e-12, rand());
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

const SPLITS: Record<string, string[]> = {
  jumps: ['jump', '##s'],
  tired: ['tire', '##d'],
  lazy: ['la', '##zy'],
  attention: ['attention'],
  transformers: ['transform', '##ers'],
  visualisation: ['visual', '##isation'],
};

function pieces(word: string): string[] {
  const w = word.toLowerCase();
  if (SPLITS[w]) return SPLITS[w];
  if (/^\w+$/.test(w) && w.length >= 10) return [w.slice(0, w.length - 4), `##${w.slice(-4)}`];
  return [w];
}

/** WordPiece-like tokenisation of one or two segments. */
export function tokenize(text: string, segmentB?: string): { text: string; tokens: TokenInfo[] } {
  const full = segmentB === undefined ? text : `${text} ${segmentB}`;
  const tokens: TokenInfo[] = [{ text: '[CLS]', id: 101, span: null, special: true, word: -1, segment: 0 }];
  let word = 0;
  const addSegment = (part: string, offset: number, segment: number) => {
    const re = /\w+|[^\s\w]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(part))) {
      let pos = offset + m.index;
      for (const p of pieces(m[0])) {
        const len = p.replace(/^##/, '').length;
        tokens.push({ text: p, id: 1000 + ((p.charCodeAt(0) * 31 + p.length * 7 + word) % 28000), span: [pos, pos + len], special: false, word, segment });
        pos += len;
      }
      word++;
    }
    tokens.push({ text: '[SEP]', id: 102, span: null, special: true, word: -1, segment });
  };
  addSegment(text, 0, 0);
  if (segmentB !== undefined) addSegment(segmentB, text.length + 1, 1);
  return { text: full, tokens };
}

type Kind = 'prev' | 'next' | 'self' | 'broad' | 'sep' | 'cls' | 'word' | 'coref' | 'adj' | 'prev2' | 'local' | 'segment';

interface Ctx {
  tokens: TokenInfo[];
  n: number;
  sepIdx: Set<number>;
  label: string[];
}

function logit(kind: Kind, i: number, j: number, c: Ctx): number {
  const d = j - i;
  const sep = c.sepIdx.has(j) ? 1 : 0;
  const cls = j === 0 ? 1 : 0;
  switch (kind) {
    case 'prev':
      return (d === -1 || (i === 0 && j === 0) ? 7 : 0) + 1.5 * sep - 0.05 * Math.abs(d);
    case 'next':
      return (d === 1 || (i === c.n - 1 && j === i) ? 7 : 0) + 1.5 * sep - 0.05 * Math.abs(d);
    case 'prev2':
      return (d === -2 ? 5.5 : d === -1 ? 3 : 0) + 2 * sep;
    case 'self':
      return (d === 0 ? 5 : Math.abs(d) === 1 ? 2.5 : 0) + sep;
    case 'local':
      return Math.abs(d) <= 3 ? 3.5 - 0.6 * Math.abs(d) : -0.02 * Math.abs(d);
    case 'broad':
      return -0.08 * Math.abs(d) + 0.6 * sep;
    case 'sep':
      return 6.5 * sep + 2 * cls + (d === 0 ? 1 : 0);
    case 'cls':
      return 6 * cls + 2.5 * sep;
    case 'word': {
      const same = c.tokens[i].word >= 0 && c.tokens[i].word === c.tokens[j].word;
      return (same ? 5.5 : 0) + (d === 0 ? 1 : 0) + 2.5 * sep;
    }
    case 'segment':
      return (c.tokens[i].segment !== c.tokens[j].segment ? 3.5 : 0) + 2 * sep;
    case 'coref': {
      const li = c.label[i];
      const lj = c.label[j];
      if (li === 'it') return lj === 'fox' ? 6.5 : lj === 'dog' ? 5 : 2 * sep;
      if (li === 'was' || li === 'tire' || li === '##d') return lj === 'it' ? 5 : lj === 'fox' ? 3.5 : 2 * sep;
      return 4 * sep + (d === 0 ? 2 : 0);
    }
    case 'adj': {
      const li = c.label[i];
      const lj = c.label[j];
      if ((li === 'quick' || li === 'brown') && lj === 'fox') return 6.5;
      if ((li === 'la' || li === '##zy') && lj === 'dog') return 6.5;
      if (li === 'fox' && (lj === 'jump' || lj === '##s')) return 5;
      if (li === 'dog' && lj === 'over') return 5;
      return 3.5 * sep + (d === 0 ? 1.5 : 0);
    }
  }
}

const SHORT_PLAN: Kind[][] = [
  ['prev', 'next', 'self', 'broad'],
  ['sep', 'prev', 'word', 'next'],
  ['coref', 'broad', 'cls', 'prev2'],
  ['sep', 'adj', 'local', 'next'],
];
const PAIR_PLAN: Kind[][] = [
  ['prev', 'next', 'segment', 'broad'],
  ['sep', 'prev', 'word', 'segment'],
  ['coref', 'broad', 'cls', 'segment'],
  ['sep', 'adj', 'local', 'next'],
];
const CYCLE: Kind[] = ['prev', 'next', 'sep', 'broad', 'self', 'cls', 'prev2', 'word', 'local', 'sep', 'next', 'broad'];

function planFor(layers: number, heads: number): Kind[][] {
  return Array.from({ length: layers }, (_, l) => Array.from({ length: heads }, (_, h) => CYCLE[(h * 5 + l * 7) % CYCLE.length]));
}

/** Orthonormal rows (n ≤ d) by Gram–Schmidt on Gaussian vectors. */
function orthonormalRows(n: number, d: number, g: () => number): Float64Array[] {
  const rows: Float64Array[] = [];
  while (rows.length < n) {
    const v = Float64Array.from({ length: d }, g);
    for (const r of rows) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += v[t] * r[t];
      for (let t = 0; t < d; t++) v[t] -= dot * r[t];
    }
    let norm = 0;
    for (let t = 0; t < d; t++) norm += v[t] * v[t];
    norm = Math.sqrt(norm);
    if (norm < 1e-6) continue;
    for (let t = 0; t < d; t++) v[t] /= norm;
    rows.push(v);
  }
  return rows;
}

export interface CaseOptions {
  modelId?: string;
  numLayers: number;
  numHeads: number;
  plan?: Kind[][];
  headDim?: number;
  withQK: boolean;
  seed: number;
  noise: number;
  truncated?: { shown: number; total: number } | null;
}

export function synthesize(text: string, tokens: TokenInfo[], o: CaseOptions): AttentionResult {
  const n = tokens.length;
  const { numLayers: L, numHeads: H } = o;
  const plan = o.plan ?? planFor(L, H);
  const rand = prng(o.seed);
  const g = gaussian(rand);
  const ctx: Ctx = { tokens, n, sepIdx: new Set(tokens.map((t, k) => (t.special && k > 0 ? k : -1)).filter((k) => k >= 0)), label: tokens.map((t) => t.text) };
  const attentions = new Float32Array(L * H * n * n);
  const d = o.headDim ?? 32;
  const qk = o.withQK && n <= d;
  const queries = qk ? new Float32Array(L * H * n * d) : undefined;
  const keys = qk ? new Float32Array(L * H * n * d) : undefined;
  const row = new Float64Array(n);
  for (let l = 0; l < L; l++) {
    for (let h = 0; h < H; h++) {
      const kind = plan[l][h];
      const base = (l * H + h) * n * n;
      const logits = qk ? new Float64Array(n * n) : null;
      for (let i = 0; i < n; i++) {
        let mx = -Infinity;
        for (let j = 0; j < n; j++) {
          const v = logit(kind, i, j, ctx) + o.noise * g();
          row[j] = v;
          if (v > mx) mx = v;
        }
        let s = 0;
        for (let j = 0; j < n; j++) {
          row[j] -= mx;
          if (logits) logits[i * n + j] = row[j];
          row[j] = Math.exp(row[j]);
          s += row[j];
        }
        for (let j = 0; j < n; j++) attentions[base + i * n + j] = row[j] / s;
      }
      if (qk && logits && queries && keys) {
        // k_j = √d · r_j with orthonormal r_j; q_i = (1/√d) Σ_j L_ij k_j, so q_i·k_j/√d = L_ij exactly.
        const R = orthonormalRows(n, d, g);
        const sq = Math.sqrt(d);
        const vb = (l * H + h) * n * d;
        for (let j = 0; j < n; j++) for (let t = 0; t < d; t++) keys[vb + j * d + t] = sq * R[j][t];
        for (let i = 0; i < n; i++) {
          let mean = 0;
          for (let j = 0; j < n; j++) mean += logits[i * n + j] / n;
          for (let t = 0; t < d; t++) {
            let acc = 0;
            for (let j = 0; j < n; j++) acc += (logits[i * n + j] - mean) * R[j][t];
            queries[vb + i * d + t] = acc;
          }
        }
      }
    }
  }
  return {
    modelId: o.modelId ?? 'attention-lens-mini',
    backend: 'wasm',
    text,
    tokens,
    numLayers: L,
    numHeads: H,
    seqLen: n,
    attentions: Array.from({ length: L }, (_, l) => attentions.subarray(l * H * n * n, (l + 1) * H * n * n)),
    ...(qk ? { queries, keys, headDim: d } : {}),
    truncated: o.truncated ?? null,
    timings: { tokenizeMs: 1.2, inferenceMs: 38.5 },
  };
}

export const SHORT_TEXT = 'The quick brown fox jumps over the lazy dog because it was tired.';

const LONG_SENTENCES = [
  'Attention lets every token in a sentence look at every other token and decide how much each one matters.',
  'Researchers visualise these weights to understand what transformers learn during pretraining.',
  'Some heads simply attend to the previous word, while others gather information from the separator token.',
  'The quick brown fox jumps over the lazy dog because it was tired.',
  'A student reading a long article can select a paragraph and watch the heads light up.',
  'Rollout multiplies the attention of successive layers to estimate how information flows through the network.',
  'Broad heads spread their weight evenly, and sharp heads focus almost all of it on a single position.',
  'When the selection is longer than the model accepts, only the first tokens are analysed and a notice is shown.',
];

export type CaseId = 'short' | 'pair' | 'medium' | 'long' | 'base128';

export function makeCase(id: CaseId): AttentionResult {
  if (id === 'pair') {
    const { text, tokens } = tokenize('The quick brown fox jumps over the lazy dog.', 'It was tired.');
    return synthesize(text, tokens, { numLayers: 4, numHeads: 4, plan: PAIR_PLAN, withQK: true, headDim: 32, seed: 7, noise: 0.45 });
  }
  if (id === 'medium') {
    const text = LONG_SENTENCES.slice(0, 6).join(' ');
    const { tokens } = tokenize(text);
    return synthesize(text, tokens, { modelId: 'bert-base-uncased', numLayers: 6, numHeads: 8, withQK: false, seed: 11, noise: 0.5 });
  }
  if (id === 'base128') {
    // bert-base geometry (12 × 12 heads) at 128 tokens, for the view benchmark
    let text = '';
    let k = 0;
    while (tokenize(text).tokens.length < 128) text += (text ? ' ' : '') + LONG_SENTENCES[k++ % LONG_SENTENCES.length];
    const tokens = tokenize(text).tokens.slice(0, 127);
    tokens.push({ ...tokens[0], text: '[SEP]', id: 102, span: null, special: true, word: -1, segment: 0 });
    return synthesize(text, tokens, { modelId: 'bert-base-uncased', numLayers: 12, numHeads: 12, withQK: false, seed: 13, noise: 0.5 });
  }
  if (id === 'long') {
    let text = '';
    let k = 0;
    let toks = tokenize(text).tokens;
    while (toks.length < 700) {
      text += (text ? ' ' : '') + LONG_SENTENCES[k % LONG_SENTENCES.length];
      k++;
      toks = tokenize(text).tokens;
    }
    const total = toks.length;
    // Keep the first 511 word pieces and close with [SEP], as the engine does when truncating; like the
    // engine (truncateEncoding), count text tokens without [CLS]/[SEP]: "first 510 of total − 2".
    const kept = toks.slice(0, 511);
    const lastEnd = kept[kept.length - 1].span?.[1] ?? text.length;
    kept.push({ text: '[SEP]', id: 102, span: null, special: true, word: -1, segment: 0 });
    return synthesize(text.slice(0, lastEnd), kept, {
      modelId: 'bert-base-uncased',
      numLayers: 12,
      numHeads: 12,
      withQK: false,
      seed: 3,
      noise: 0.5,
      truncated: { shown: kept.length - 2, total: total - 2 },
    });
  }
  const { text, tokens } = tokenize(SHORT_TEXT);
  return synthesize(text, tokens, { numLayers: 4, numHeads: 4, plan: SHORT_PLAN, withQK: true, headDim: 32, seed: 42, noise: 0.45 });
}

// ------------------------------------------------------------------ research tools (probing, compare mode)

/** The options makeCase uses for a case (so masked and edited variants are synthesised the same way). */
function caseSpec(id: CaseId): { text: string; tokens: TokenInfo[]; options: CaseOptions } {
  const r = makeCase(id);
  const plan = id === 'pair' ? PAIR_PLAN : id === 'short' ? SHORT_PLAN : undefined;
  const seed = { short: 42, pair: 7, medium: 11, long: 3, base128: 13 }[id];
  return {
    text: r.text,
    tokens: r.tokens,
    options: {
      modelId: r.modelId,
      numLayers: r.numLayers,
      numHeads: r.numHeads,
      plan,
      withQK: !!r.queries,
      headDim: r.headDim ?? 32,
      seed,
      noise: id === 'short' || id === 'pair' ? 0.45 : 0.5,
      truncated: r.truncated,
    },
  };
}

const FILLERS = ['dog', 'cat', 'wolf', 'bird', 'man', 'horse', 'rabbit', 'deer', 'bear', 'child', 'cow', 'girl', 'boy', 'car', 'ball'];

/** The case with the mask token at `positions` and made-up top-10 predictions there (the original at rank 3). */
export function maskCase(id: CaseId, positions: number[]): AttentionResult {
  const { text, tokens, options } = caseSpec(id);
  const masked = tokens.map((t, k) => (positions.includes(k) ? { ...t, id: 103, text: '[MASK]' } : t));
  const r = synthesize(text, masked, options);
  const top = positions.map((p, q) => {
    const words = FILLERS.filter((w) => w !== tokens[p].text).slice((p + q) % 5, ((p + q) % 5) + 9);
    words.splice(2, 0, tokens[p].text);
    const weights = words.map((_, k) => Math.exp(-0.42 * k));
    const s = weights.reduce((a, b) => a + b, 0) / 0.86;
    return words.map((token, k) => ({ token, id: 2000 + k, prob: weights[k] / s }));
  });
  return { ...r, masked: { positions, originals: positions.map((p) => tokens[p].text), top } };
}

/** The head compare mode's synthetic edit changes (everything else is A's attention, exactly). */
export const CHANGED_HEAD = { layer: 2, head: 1 };

/**
 * B for compare mode: `text` tokenised like the case. With A's number of tokens, B is synthesised like A but with
 * other noise (every head changes a little) and CHANGED_HEAD built as a previous-token head, so that head is known to
 * change most; otherwise B is synthesised afresh (the word-aligned comparison).
 */
export function editCase(id: CaseId, text: string, modelId?: string, shape?: { numLayers: number; numHeads: number }): AttentionResult {
  const a = caseSpec(id);
  const tokens = tokenize(text).tokens;
  if (shape || tokens.length !== a.tokens.length) {
    return synthesize(text, tokens, {
      ...a.options,
      ...(shape ?? {}),
      plan: shape ? undefined : a.options.plan,
      modelId: modelId ?? a.options.modelId,
      seed: 77,
      withQK: false,
    });
  }
  const L = a.options.numLayers;
  const H = a.options.numHeads;
  const plan = (a.options.plan ?? Array.from({ length: L }, (_, l) => Array.from({ length: H }, (_, h) => CYCLE[(h * 5 + l * 7) % CYCLE.length]))).map(
    (row) => [...row],
  );
  plan[CHANGED_HEAD.layer][CHANGED_HEAD.head] = plan[CHANGED_HEAD.layer][CHANGED_HEAD.head] === 'prev' ? 'next' : 'prev';
  return synthesize(text, tokens, { ...a.options, plan, seed: a.options.seed + 1, withQK: false, modelId: modelId ?? a.options.modelId });
}
