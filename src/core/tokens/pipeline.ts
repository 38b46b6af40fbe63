// Token offsets the way Hugging Face's Rust ("fast") tokenizer computes them, for BPE (byte-level or not), Unigram
// and WordLevel models, driven by tokenizer.json. The tokens themselves come from the JavaScript tokenizer, which
// gives no offsets; this re-runs its pipeline on the text while keeping, for every normalised character, the
// original range it stands for (normalized-string.ts), then lays the tokens over the result:
//   1. added tokens typed in the text ("<mask>", "[SEP]") are split off first, on the raw text (and, for those marked
//      `normalized`, again on the normalised text), lstrip/rstrip taking the whitespace beside them;
//   2. every other piece is normalised (NFC/NFD/NFKC/NFKD, Lowercase, StripAccents, Replace, Strip, Prepend, and
//      SentencePiece's Precompiled as transformers.js runs it: control characters removed, odd spaces → ' ', NFKC);
//   3. pre-tokenised (ByteLevel bytes with its prefix space, Metaspace '▁' and its prepended '▁', WhitespaceSplit,
//      Whitespace, BertPreTokenizer, Punctuation, Digits, Split, Replace, FixedLength, Sequence);
//   4. the model's tokens are matched left to right against the pre-tokens (byte-level tokens byte by byte, '<0x41>'
//      byte-fallback tokens one byte of a character, an unknown token the run of characters up to where the next
//      token matches or its pre-token ends); a token's offsets are those of its first and last character;
//   5. a byte-level post-processor with trim_offsets (RoBERTa) moves them past leading/trailing 'Ġ'.
// The post-processor's own tokens ([CLS], <s>, </s>) get none. Tokens it cannot place (text the JS tokenizer read
// differently) are reported, and alignTokens places those the older way. A sentence pair's texts are read on their own
// when the caller says where the second starts (`pairStart`).
// Two deliberate differences from Rust's offsets (tests/unit/tokens-oracle.test.ts counts them), both so that what a
// token stands for can be painted on the page:
//   • a whitespace-only byte-level token ('Ġ', 'ĠĠ') keeps the whitespace it stands for, where Rust's trim_offsets
//     leaves an empty span after it (nothing to paint or point at);
//   • a character NFC/NFKC composed from a letter and the marks after it ('e' + U+0301 → 'é') covers them all, where
//     Rust's covers the letter only and leaves the marks to no token; a reader sees one letter.
import { ReplaceNormalizer, ReplacePreTokenizer, SplitPreTokenizer } from '@huggingface/tokenizers';
import { charIndexOfUnits, filter, fromOriginal, mapChars, prepend, replace, slice, toText, unicodeNormalize, type NormStr } from './normalized-string';
import type { NormalForm } from './nf-changes';

type Json = Record<string, unknown>;
export type Span = [number, number];

export interface PipelineAddedToken {
  content: string;
  lstrip: boolean;
  rstrip: boolean;
  /** Matched on the normalised text (transformers.js: `normalized ?? !special`, and only with a normaliser). */
  normalized: boolean;
}

/** What of a tokenizer.json the offsets depend on (plain data: comparable, cloneable). */
export interface TokenizerPipeline {
  /** Normalisers in order (Sequences flattened; Precompiled without its charsmap). */
  normalizer: Json[];
  /** Pre-tokenizers in order (Sequences flattened). */
  preTokenizer: Json[];
  model: {
    type: 'BPE' | 'Unigram' | 'WordLevel';
    unk: string | null;
    byteFallback: boolean;
    /** BPE end_of_word_suffix / continuing_subword_suffix: written in tokens, not in the text. */
    suffixes: string[];
    /** A run of unknown characters is one unknown token (Unigram; BPE with fuse_unk), else one each. */
    fuseUnk: boolean;
  };
  added: PipelineAddedToken[];
  post: {
    /** Tokens the post-processor puts before the text ([CLS], <s>). */
    prefix: string[];
    /** Byte-level trim_offsets (RobertaProcessing, ByteLevel): offsets skip leading/trailing spaces. */
    trimOffsets: boolean;
    addPrefixSpace: boolean;
  };
}

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);

function flatten(component: unknown, key: string): Json[] {
  const c = obj(component);
  if (c.type === 'Sequence') {
    const list = c[key];
    return Array.isArray(list) ? list.flatMap((x) => flatten(x, key)) : [];
  }
  if (typeof c.type !== 'string') return [];
  if (c.type === 'Precompiled') return [{ type: 'Precompiled' }];
  return [c];
}

const NORMALIZERS = new Set(['NFC', 'NFD', 'NFKC', 'NFKD', 'Lowercase', 'StripAccents', 'Replace', 'Strip', 'Prepend', 'Precompiled']);
const PRE_TOKENIZERS = new Set([
  'ByteLevel',
  'Metaspace',
  'WhitespaceSplit',
  'Whitespace',
  'BertPreTokenizer',
  'Punctuation',
  'Digits',
  'Split',
  'Replace',
  'FixedLength',
]);

function specialTokenStrings(processor: Json, ids: string[]): string[] {
  const table = obj(processor.special_tokens);
  return ids.flatMap((id) => {
    const tokens = obj(table[id]).tokens;
    return Array.isArray(tokens) ? tokens.filter((t): t is string => typeof t === 'string') : [id];
  });
}

function postInfo(component: unknown): TokenizerPipeline['post'] {
  const post: TokenizerPipeline['post'] = { prefix: [], trimOffsets: false, addPrefixSpace: false };
  const visit = (c: Json) => {
    if (c.type === 'Sequence' && Array.isArray(c.processors)) c.processors.forEach((p) => visit(obj(p)));
    else if (c.type === 'RobertaProcessing' || c.type === 'BertProcessing') {
      const cls = c.cls;
      if (Array.isArray(cls) && typeof cls[0] === 'string') post.prefix.push(cls[0]);
      if (c.type === 'RobertaProcessing' && c.trim_offsets !== false) {
        post.trimOffsets = true;
        post.addPrefixSpace = c.add_prefix_space !== false;
      }
    } else if (c.type === 'ByteLevel') {
      if (c.trim_offsets !== false) {
        post.trimOffsets = true;
        post.addPrefixSpace = c.add_prefix_space !== false;
      }
    } else if (c.type === 'TemplateProcessing' && Array.isArray(c.single)) {
      const ids: string[] = [];
      for (const piece of c.single) {
        const sp = obj(obj(piece).SpecialToken);
        if (typeof sp.id !== 'string') break;
        ids.push(sp.id);
      }
      post.prefix.push(...specialTokenStrings(c, ids));
    }
  };
  visit(obj(component));
  return post;
}

/**
 * The pipeline of a tokenizer.json whose offsets this module can compute (BPE, Unigram or WordLevel model, known
 * normalisers and pre-tokenizers), else null (WordPiece, anything unknown: alignTokens' own aligner places those).
 */
export function pipelineFromTokenizerJson(tokenizerJson: unknown): TokenizerPipeline | null {
  const root = obj(tokenizerJson);
  const model = obj(root.model);
  let type: TokenizerPipeline['model']['type'];
  if (model.type === 'BPE' || model.type === 'Unigram' || model.type === 'WordLevel') type = model.type;
  else if (model.type === undefined && Array.isArray(model.vocab)) type = 'Unigram';
  else return null;
  const normalizer = flatten(root.normalizer, 'normalizers');
  const preTokenizer = flatten(root.pre_tokenizer, 'pretokenizers');
  if (!normalizer.every((n) => NORMALIZERS.has(n.type as string))) return null;
  if (!preTokenizer.every((p) => PRE_TOKENIZERS.has(p.type as string))) return null;
  let unk: string | null = null;
  if (type === 'Unigram') {
    const vocab = Array.isArray(model.vocab) ? model.vocab : [];
    const entry = typeof model.unk_id === 'number' ? vocab[model.unk_id] : undefined;
    unk = Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : null;
  } else unk = typeof model.unk_token === 'string' ? model.unk_token : null;
  const suffixes = [model.end_of_word_suffix, model.continuing_subword_suffix].filter((s): s is string => typeof s === 'string' && s.length > 0);
  const hasNormalizer = root.normalizer !== null && root.normalizer !== undefined;
  const added: PipelineAddedToken[] = [];
  if (Array.isArray(root.added_tokens)) {
    for (const t of root.added_tokens) {
      const o = obj(t);
      if (typeof o.content !== 'string' || o.content.length === 0) continue;
      const special = o.special === true;
      const normalized = typeof o.normalized === 'boolean' ? o.normalized : !special;
      added.push({ content: o.content, lstrip: o.lstrip === true, rstrip: o.rstrip === true, normalized: normalized && hasNormalizer });
    }
  }
  return {
    normalizer,
    preTokenizer,
    model: { type, unk, byteFallback: model.byte_fallback === true, suffixes, fuseUnk: type === 'Unigram' || model.fuse_unk === true },
    added,
    post: postInfo(root.post_processor),
  };
}

// ----------------------------------------------------------------------------- compiled steps

type NormStep = (ns: NormStr) => NormStr;
type PreStep = (pieces: NormStr[], section: number) => NormStr[];

interface Trie {
  [ch: string]: Trie | string | undefined;
}

interface Compiled {
  normalize: NormStep;
  preTokenize: PreStep;
  /** Added tokens matched on the raw text / on the normalised text (content as matched → token content). */
  raw: Trie | null;
  normalized: Trie | null;
  byContent: Map<string, PipelineAddedToken>;
  /** Normalised content → the added token's content. */
  contentOf: Map<string, string>;
}

const compiledCache = new WeakMap<TokenizerPipeline, Compiled>();

// transformers.js' Precompiled normaliser (it does not read the charsmap)
const PRECOMPILED_REMOVED = /[\u0001-\u0008\u000B\u000E-\u001F\u007F\u008F\u009F]/gu;
const PRECOMPILED_SPACE = /[\u0009\u000A\u000C\u000D\u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u2581\u3000\uFEFF\uFFFD]/gu;
const FULLWIDTH_TILDE = 0xff5e;
const MARK = /^\p{M}$/u;
const JS_SPACE = /^\s$/u;
const PUNCT = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';

function isMarkCp(cp: number): boolean {
  return cp >= 0x300 && MARK.test(String.fromCodePoint(cp));
}

function isJsSpace(cp: number): boolean {
  return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x80 && JS_SPACE.test(String.fromCodePoint(cp)));
}

/** Rust's char::is_whitespace (White_Space): what lstrip/rstrip and trim_offsets take. */
function isRustSpace(cp: number): boolean {
  return (
    cp === 0x20 ||
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

function lowerOf(cp: number): number | number[] {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  // each code point on its own, as the Rust library does (a capital sigma is never final here)
  const l = String.fromCodePoint(cp).toLowerCase();
  const out: number[] = [];
  for (const ch of l) out.push(ch.codePointAt(0) ?? 0);
  return out.length === 1 ? out[0] : out;
}

function compileNormalizer(steps: Json[]): NormStep {
  const fns: NormStep[] = steps.map((n): NormStep => {
    switch (n.type) {
      case 'NFC':
      case 'NFD':
      case 'NFKC':
      case 'NFKD':
        return (ns) => unicodeNormalize(ns, n.type as NormalForm);
      case 'Lowercase':
        return (ns) => mapChars(ns, lowerOf);
      case 'StripAccents':
        return (ns) => filter(ns, (c) => !isMarkCp(c));
      case 'Replace': {
        const re = new ReplaceNormalizer(n as never).pattern;
        const content = str(n.content, '');
        return re ? (ns) => replace(ns, re, content) : (ns) => ns;
      }
      case 'Strip': {
        const left = n.strip_left === true;
        const right = n.strip_right === true;
        return (ns) => {
          let a = 0;
          let b = ns.cp.length;
          if (left) while (a < b && isJsSpace(ns.cp[a])) a++;
          if (right) while (b > a && isJsSpace(ns.cp[b - 1])) b--;
          return a === 0 && b === ns.cp.length ? ns : slice(ns, a, b);
        };
      }
      case 'Prepend': {
        const content = str(n.prepend, '');
        return (ns) => prepend(ns, content);
      }
      case 'Precompiled':
        return (ns) => {
          let out = replace(ns, PRECOMPILED_REMOVED, '');
          out = replace(out, PRECOMPILED_SPACE, ' ');
          return unicodeNormalize(out, 'NFKC', (c) => c === FULLWIDTH_TILDE);
        };
      default:
        return (ns) => ns;
    }
  });
  return (ns) => fns.reduce((acc, f) => (acc.cp.length ? f(acc) : acc), ns);
}

/** The pieces of `ns` that `re` matches (`keep: 'matches'`), or the text between matches ('between'), or both. */
function regexPieces(ns: NormStr, re: RegExp, keep: 'matches' | 'between' | 'both'): NormStr[] {
  const text = toText(ns.cp);
  const at = charIndexOfUnits(ns.cp);
  const out: NormStr[] = [];
  let prev = 0;
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    const a = m.index ?? 0;
    const b = a + m[0].length;
    if (keep !== 'matches' && a > prev) out.push(slice(ns, at[prev], at[a]));
    if (keep !== 'between' && b > a) out.push(slice(ns, at[a], at[b]));
    prev = b;
  }
  if (keep !== 'matches' && prev < text.length) out.push(slice(ns, at[prev], at[text.length]));
  return out;
}

/** GPT-2's bytes_to_unicode: the character byte-level BPE writes for each byte. */
const BYTE_CHAR: number[] = (() => {
  const out = new Array<number>(256);
  const direct = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let extra = 0;
  for (let b = 0; b < 256; b++) out[b] = direct(b) ? b : 256 + extra++;
  return out;
})();

/** UTF-8 bytes of a code point (a lone surrogate as U+FFFD, as TextEncoder writes it). */
function utf8(cp: number, out: number[]): void {
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

function byteChars(cp: number): number | number[] {
  if (cp < 0x80) return BYTE_CHAR[cp];
  const bytes: number[] = [];
  utf8(cp, bytes);
  return bytes.map((b) => BYTE_CHAR[b]);
}

function compilePreTokenizer(steps: Json[]): PreStep {
  const fns: PreStep[] = steps.map((p): PreStep => {
    switch (p.type) {
      case 'ByteLevel': {
        const addPrefixSpace = p.add_prefix_space === true;
        // the regex split keeps every character; only the bytes matter for offsets
        return (pieces) => pieces.map((ns) => mapChars(addPrefixSpace && ns.cp[0] !== 0x20 ? prepend(ns, ' ') : ns, byteChars));
      }
      case 'Metaspace': {
        const replacement = str(p.replacement, '▁');
        const rep = str(p.str_rep, '') || replacement;
        const repCps = [...rep].map((c) => c.codePointAt(0) ?? 0);
        const scheme = str(p.prepend_scheme, 'always');
        const first = replacement.codePointAt(0) ?? 0;
        return (pieces, section) =>
          pieces.map((ns) => {
            let out = mapChars(ns, (c) => (c === 0x20 ? (repCps.length === 1 ? repCps[0] : repCps) : c));
            if (out.cp[0] !== first && (scheme === 'always' || (scheme === 'first' && section === 0))) out = prepend(out, rep);
            return out;
          });
      }
      case 'WhitespaceSplit':
        return (pieces) => pieces.flatMap((ns) => regexPieces(ns, /\S+/g, 'matches'));
      case 'Whitespace':
        return (pieces) => pieces.flatMap((ns) => regexPieces(ns, /\w+|[^\w\s]+/g, 'matches'));
      case 'BertPreTokenizer': {
        const re = new RegExp(`[^\\s${PUNCT}]+|[${PUNCT}]`, 'gu');
        return (pieces) =>
          pieces.flatMap((ns) => {
            let a = 0;
            let b = ns.cp.length;
            while (a < b && isJsSpace(ns.cp[a])) a++;
            while (b > a && isJsSpace(ns.cp[b - 1])) b--;
            return regexPieces(slice(ns, a, b), re, 'matches');
          });
      }
      case 'Punctuation': {
        const re = new RegExp(`[^${PUNCT}]+|[${PUNCT}]+`, 'gu');
        return (pieces) => pieces.flatMap((ns) => regexPieces(ns, re, 'matches'));
      }
      case 'Digits': {
        const re = new RegExp(`[^\\d]+|\\d${p.individual_digits ? '' : '+'}`, 'gu');
        return (pieces) => pieces.flatMap((ns) => regexPieces(ns, re, 'matches'));
      }
      case 'Split': {
        const re = new SplitPreTokenizer(p as never).pattern;
        if (!re) return () => [];
        const keep = p.invert ? 'matches' : str(p.behavior, '').toLowerCase() === 'removed' ? 'between' : 'both';
        return (pieces) => pieces.flatMap((ns) => regexPieces(ns, re, keep));
      }
      case 'Replace': {
        const re = new ReplacePreTokenizer(p as never).pattern;
        const content = str(p.content, '');
        return re ? (pieces) => pieces.map((ns) => replace(ns, re, content)) : (pieces) => pieces;
      }
      case 'FixedLength': {
        const length = typeof p.length === 'number' && p.length > 0 ? p.length : 5;
        return (pieces) =>
          pieces.flatMap((ns) => {
            const at = charIndexOfUnits(ns.cp);
            const units = at.length - 1;
            const out: NormStr[] = [];
            for (let u = 0; u < units; u += length) out.push(slice(ns, at[u], at[Math.min(units, u + length)]));
            return out;
          });
      }
      default:
        return (pieces) => pieces;
    }
  });
  return (pieces, section) => fns.reduce((acc, f) => f(acc, section).filter((ns) => ns.cp.length > 0), pieces);
}

function buildTrie(words: Iterable<string>): Trie | null {
  const root: Trie = Object.create(null) as Trie;
  let any = false;
  for (const w of words) {
    let node = root;
    for (let i = 0; i < w.length; i++) {
      const next = node[w[i]];
      if (next === undefined || typeof next === 'string') node = node[w[i]] = Object.create(null) as Trie;
      else node = next;
    }
    node['\u0000end'] = w;
    any = true;
  }
  return any ? root : null;
}

/** transformers.js' DictionarySplitter: at each position the longest added token starting there. */
function findAdded(text: string, trie: Trie): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  for (let i = 0; i < text.length;) {
    let node: Trie | string | undefined = trie;
    let match: string | null = null;
    for (let j = i; j < text.length; j++) {
      node = (node as Trie)[text[j]];
      if (node === undefined || typeof node === 'string') break;
      const end = node['\u0000end'];
      if (typeof end === 'string') match = end;
    }
    if (match) {
      out.push([i, i + match.length, match]);
      i += match.length;
    } else i++;
  }
  return out;
}

function compile(p: TokenizerPipeline): Compiled {
  let c = compiledCache.get(p);
  if (c) return c;
  const normalize = compileNormalizer(p.normalizer);
  const byContent = new Map<string, PipelineAddedToken>();
  const contentOf = new Map<string, string>();
  const raw: string[] = [];
  const norm: string[] = [];
  for (const t of p.added) {
    byContent.set(t.content, t);
    if (t.normalized) {
      const n = toText(normalize(fromOriginal(t.content, 0, t.content.length)).cp);
      if (n) {
        norm.push(n);
        contentOf.set(n, t.content);
      }
    } else {
      raw.push(t.content);
      contentOf.set(t.content, t.content);
    }
  }
  c = {
    normalize,
    preTokenize: compilePreTokenizer(p.preTokenizer),
    raw: buildTrie(raw),
    normalized: buildTrie(norm),
    byContent,
    contentOf,
  };
  compiledCache.set(p, c);
  return c;
}

// ----------------------------------------------------------------------------- the stream of pre-tokens

interface AddedPiece {
  /** Stream position it sits before. */
  at: number;
  content: string;
  span: Span;
}

interface Stream {
  cp: number[];
  s: number[];
  e: number[];
  /** 1 where a pre-token starts. */
  start: Uint8Array;
  added: AddedPiece[];
}

interface Piece {
  a: number;
  b: number;
  /** Added token content, or null for text. */
  added: string | null;
}

/**
 * Split [a, b) of `text` at the added tokens `trie` finds. lstrip/rstrip: the whitespace beside the token leaves the
 * text next to it (transformers.js trims it) and its Rust offsets take the (Rust) whitespace.
 */
function splitAdded(text: string, a: number, b: number, trie: Trie | null, c: Compiled): Piece[] {
  if (!trie) return [{ a, b, added: null }];
  const pieces: Piece[] = [];
  let prev = a;
  for (const [s, e, matched] of findAdded(text.slice(a, b), trie)) {
    if (a + s > prev) pieces.push({ a: prev, b: a + s, added: null });
    pieces.push({ a: a + s, b: a + e, added: c.contentOf.get(matched) ?? matched });
    prev = a + e;
  }
  if (prev < b) pieces.push({ a: prev, b, added: null });
  const cpBefore = (i: number) => {
    const lo = text.charCodeAt(i - 1);
    return lo >= 0xdc00 && lo <= 0xdfff && i >= 2 ? (text.codePointAt(i - 2) ?? lo) : lo;
  };
  for (let k = 0; k < pieces.length; k++) {
    const t = pieces[k].added === null ? undefined : c.byContent.get(pieces[k].added!);
    if (!t) continue;
    const before = pieces[k - 1];
    if (t.lstrip && before && before.added === null) {
      while (before.b > before.a && isJsSpace(cpBefore(before.b))) before.b--;
      let s = pieces[k].a;
      while (s > before.b && isRustSpace(cpBefore(s))) s--;
      pieces[k].a = s;
    }
    const after = pieces[k + 1];
    if (t.rstrip && after && after.added === null) {
      while (after.a < after.b && isJsSpace(text.codePointAt(after.a) ?? 0)) after.a++;
      let e = pieces[k].b;
      while (e < after.a && isRustSpace(text.charCodeAt(e))) e++;
      pieces[k].b = e;
    }
  }
  return pieces;
}

/**
 * The text as the tokenizer reads it: `runs` are the texts it encodes on their own (one, or a pair's two), each split
 * at its added tokens, normalised and pre-tokenised, in order.
 */
function buildStream(text: string, c: Compiled, runs: Array<[number, number]>): Stream {
  const st: Stream = { cp: [], s: [], e: [], start: new Uint8Array(0), added: [] };
  const starts: number[] = [];
  const push = (ns: NormStr) => {
    starts.push(st.cp.length);
    for (let k = 0; k < ns.cp.length; k++) {
      st.cp.push(ns.cp[k]);
      st.s.push(ns.s[k]);
      st.e.push(ns.e[k]);
    }
  };
  for (const [from, to] of runs) {
    const sections = splitAdded(text, from, to, c.raw, c);
    sections.forEach((sec, index) => {
      if (sec.added !== null) {
        st.added.push({ at: st.cp.length, content: sec.added, span: [sec.a, sec.b] });
        return;
      }
      if (sec.b <= sec.a) return;
      const ns = c.normalize(fromOriginal(text, sec.a, sec.b));
      if (ns.cp.length === 0) return;
      let subs: Piece[] = [{ a: 0, b: ns.cp.length, added: null }];
      if (c.normalized) {
        // positions in the normalised text's UTF-16 units → code points
        const units = toText(ns.cp);
        const at = charIndexOfUnits(ns.cp);
        subs = splitAdded(units, 0, units.length, c.normalized, c).map((p) => ({ a: at[p.a], b: at[p.b], added: p.added }));
      }
      for (const sub of subs) {
        if (sub.b <= sub.a) continue;
        if (sub.added !== null) {
          st.added.push({ at: st.cp.length, content: sub.added, span: [ns.s[sub.a], ns.e[sub.b - 1]] });
          continue;
        }
        for (const pre of c.preTokenize([slice(ns, sub.a, sub.b)], index)) push(pre);
      }
    });
  }
  st.start = new Uint8Array(st.cp.length + 1);
  for (const k of starts) st.start[k] = 1;
  st.start[st.cp.length] = 1;
  return st;
}

// ----------------------------------------------------------------------------- laying the tokens over it

const BYTE_FALLBACK = /^<0x([0-9A-Fa-f]{2})>$/;
/** How far ahead a token that does not fit at the cursor is looked for (text the JS tokenizer read differently). */
const RESYNC = 256;

export interface PipelineResult {
  spans: Array<Span | null>;
  /** Tokens of the text that could not be placed (not the post-processor's own tokens). */
  unplaced: number[];
}

function cpsOf(token: string, suffixes: string[]): number[] {
  let t = token;
  for (const suffix of suffixes) if (t.length > suffix.length && t.endsWith(suffix)) t = t.slice(0, -suffix.length);
  const out: number[] = [];
  for (const ch of t) out.push(ch.codePointAt(0) ?? 0);
  return out;
}

function isTrimmed(cp: number): boolean {
  // 'Ġ' (byte 0x20) or whitespace
  return cp === 0x120 || isRustSpace(cp);
}

/** `from` moved by `n` code points of `text` (forward when n > 0), never past `limit`. */
function moveCodePoints(text: string, from: number, n: number, limit: number): number {
  let p = from;
  if (n > 0) {
    for (let k = 0; k < n && p < limit; k++) p += (text.codePointAt(p) ?? 0) > 0xffff ? 2 : 1;
    return Math.min(p, limit);
  }
  for (let k = 0; k < -n && p > limit; k++) {
    const lo = text.charCodeAt(p - 1);
    p -= lo >= 0xdc00 && lo <= 0xdfff && p - 2 >= limit && text.charCodeAt(p - 2) >= 0xd800 && text.charCodeAt(p - 2) <= 0xdbff ? 2 : 1;
  }
  return Math.max(p, limit);
}

/**
 * Offsets of every token (UTF-16 [start, end) into `text`) as the Rust tokenizer gives them, null for the
 * post-processor's own tokens and for tokens it could not place (listed in `unplaced`). `special`: every special
 * token (those the post-processor adds are recognised by not being typed at that point of the text). `pairStart`:
 * where a pair's second text starts in `text` (each text is read on its own, as the tokenizer read them).
 */
export function pipelineSpans(text: string, tokens: readonly string[], p: TokenizerPipeline, special: ReadonlySet<string>, pairStart?: number): PipelineResult {
  const n = tokens.length;
  const spans: Array<Span | null> = new Array<Span | null>(n).fill(null);
  const unplaced: number[] = [];
  const c = compile(p);
  const pair = typeof pairStart === 'number' && pairStart > 0 && pairStart < text.length;
  const st = buildStream(
    text,
    c,
    pair
      ? [
          [0, pairStart],
          [pairStart, text.length],
        ]
      : [[0, text.length]],
  );
  const len = st.cp.length;
  const unk = p.model.unk;

  const matchAt = (q: number, cps: number[]): boolean => {
    if (q + cps.length > len) return false;
    for (let k = 0; k < cps.length; k++) if (st.cp[q + k] !== cps[k]) return false;
    return true;
  };
  const isAddedLike = (tok: string) => special.has(tok) || c.byContent.has(tok);
  const isModelToken = (tok: string | undefined): tok is string =>
    typeof tok === 'string' && tok.length > 0 && tok !== unk && !isAddedLike(tok) && !(p.model.byteFallback && BYTE_FALLBACK.test(tok));

  /** The first token after t that is not an added or special token (the post-processor's, or typed). */
  const nextOfText = (t: number): number => {
    let k = t + 1;
    while (k < n && typeof tokens[k] === 'string' && tokens[k] !== unk && isAddedLike(tokens[k])) k++;
    return k;
  };

  let pos = 0;
  let byteOff = 0;
  let ai = 0;
  let prefixDone = false;
  let seqStart = true;
  const trim = (sp: Span, body: string): Span => {
    if (!p.post.trimOffsets) return sp;
    const chars = [...body].map((ch) => ch.codePointAt(0) ?? 0);
    let lead = 0;
    while (lead < chars.length && isTrimmed(chars[lead])) lead++;
    // a whitespace-only token keeps the whitespace it stands for (not a space the tokenizer added: Rust's offsets)
    if (lead === chars.length && /^\s+$/u.test(text.slice(sp[0], sp[1]))) return sp;
    let trail = 0;
    while (trail < chars.length && isTrimmed(chars[chars.length - 1 - trail])) trail++;
    let [a, b] = sp;
    if (lead > 0 && !(p.post.addPrefixSpace && lead === 1 && (seqStart || a === 0))) a = moveCodePoints(text, a, lead, b);
    if (trail > 0) b = moveCodePoints(text, b, -trail, a);
    return [a, b];
  };

  for (let t = 0; t < n; t++) {
    const tok = tokens[t];
    if (typeof tok !== 'string' || tok.length === 0) continue;
    if (!prefixDone) {
      if (t < p.post.prefix.length && tok === p.post.prefix[t]) continue;
      prefixDone = true;
    }
    while (ai < st.added.length && st.added[ai].at < pos) ai++;
    if (ai < st.added.length && st.added[ai].at === pos && byteOff === 0 && st.added[ai].content === tok) {
      const piece = st.added[ai++];
      spans[t] = trim([piece.span[0], piece.span[1]], text.slice(piece.span[0], piece.span[1]));
      seqStart = false;
      continue;
    }
    if (tok !== unk && isAddedLike(tok)) {
      const seg = st.added[ai];
      if (seg && seg.content === tok && byteOff === 0) {
        // typed further on, after text no token took (read differently by the JS tokenizer): it is that one, unless
        // the text's next token fits here (then this is the post-processor's, between a pair's texts)
        const next = tokens[nextOfText(t)];
        if (!(isModelToken(next) && matchAt(pos, cpsOf(next, p.model.suffixes)))) {
          pos = seg.at;
          ai++;
          spans[t] = trim([seg.span[0], seg.span[1]], text.slice(seg.span[0], seg.span[1]));
          seqStart = false;
          continue;
        }
      }
      // the post-processor's own token (or a typed one the pipeline did not find: left unplaced)
      if (!special.has(tok)) unplaced.push(t);
      seqStart = true;
      continue;
    }
    if (tok === unk) {
      if (byteOff !== 0 || pos >= len || (ai < st.added.length && st.added[ai].at === pos)) {
        unplaced.push(t);
        continue;
      }
      let limit = pos + 1;
      while (limit < len && !st.start[limit]) limit++;
      if (ai < st.added.length && st.added[ai].at > pos) limit = Math.min(limit, st.added[ai].at);
      // up to where the next token of the text fits (past the post-processor's tokens between a pair's texts)
      const k = nextOfText(t);
      const next = tokens[k];
      let q = limit;
      // WordLevel: one token per pre-token; BPE without fuse_unk: one per unknown character
      if (p.model.type === 'WordLevel') q = limit;
      else if (next === unk && k === t + 1 && !p.model.fuseUnk) q = pos + 1;
      else if (isModelToken(next)) {
        const nc = cpsOf(next, p.model.suffixes);
        for (let j = pos + 1; j < limit; j++) {
          if (matchAt(j, nc)) {
            q = j;
            break;
          }
        }
      }
      spans[t] = [st.s[pos], st.e[q - 1]];
      pos = q;
      seqStart = false;
      continue;
    }
    const fb = p.model.byteFallback ? BYTE_FALLBACK.exec(tok) : null;
    if (fb) {
      if (pos >= len) {
        unplaced.push(t);
        continue;
      }
      const bytes: number[] = [];
      utf8(st.cp[pos], bytes);
      if (bytes[byteOff] !== parseInt(fb[1], 16)) {
        unplaced.push(t);
        continue;
      }
      spans[t] = [st.s[pos], st.e[pos]];
      if (++byteOff >= bytes.length) {
        byteOff = 0;
        pos++;
      }
      seqStart = false;
      continue;
    }
    const cps = cpsOf(tok, p.model.suffixes);
    // a token of the text comes before the next added token typed in it, never across it
    const before = ai < st.added.length ? st.added[ai].at : len;
    let at = byteOff === 0 && pos + cps.length <= before && matchAt(pos, cps) ? pos : -1;
    if (at < 0) {
      // resynchronise: the next place it fits (a pair's second text starts without the space this read puts there)
      // (never past an added token typed in the text: that is where the text's own tokens resume)
      const stop = Math.min(before, pos + RESYNC + cps.length) - cps.length;
      for (let q = pos + 1; q <= stop; q++) {
        if (matchAt(q, cps)) {
          at = q;
          break;
        }
      }
    }
    if (at < 0 || cps.length === 0) {
      unplaced.push(t);
      continue;
    }
    byteOff = 0;
    const end = at + cps.length;
    spans[t] = trim([st.s[at], st.e[end - 1]], tok);
    pos = end;
    seqStart = false;
  }
  return { spans, unplaced };
}
