// No UI string is hard-coded: what the user reads comes from _locales/<lang>/messages.json through
// src/shared/i18n.ts t() / tParts() / messages(). The scan parses every .ts/.tsx under src/ (TypeScript's parser) and
// reports, with file and line:
//   - JSX text with a letter in it;
//   - user-visible JSX attributes (title, aria-label, placeholder, alt, label, legend, caption … — every attribute that
//     is not a technical one) holding a literal with a letter;
//   - user-visible DOM properties set from a literal (el.title = …, el.textContent = …, setAttribute('aria-label', …));
//   - object properties that carry UI text (label, title, message, description, hint, caption, text, what …) set to a
//     literal that is not a message key;
//   - any other literal that reads like a sentence (two words with a space between them), wherever it is.
// Literals inside t()/tParts()/messages() calls (message keys), console output, comparisons and the technical calls
// below are not UI text. What may stay literal is listed in ALLOWED (non-words: symbols, notation, acronyms, token
// names) and, per file, in EXEMPT (each with its reason).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import en from '../../_locales/en/messages.json';

const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'src');
const KEYS = new Set(Object.keys(en));

/**
 * Words that may appear in UI text as they are: notation (A and B of compare mode, q, k, d of the neuron view), file
 * formats, token names, product and API names, unit symbols. A literal whose every word is one of these is not text to
 * translate ("A − B", "q × k", "JSON A+B", "[CLS]"); so is one without letters ("×", "·", "‹", "42 %").
 */
const ALLOWED_WORDS = new Set([
  'A',
  'B',
  'q',
  'k',
  'd',
  'Softmax',
  'softmax',
  'CLS',
  'SEP',
  'MASK',
  'PNG',
  'SVG',
  'JSON',
  'NPZ',
  'CSV',
  'WebGPU',
  'WebAssembly',
  'Chrome',
  'Firefox',
  'MB',
  'kB',
  'GB',
  'TB',
  's',
]);
/** Whole literals that are not text: URL patterns shown as code. */
const ALLOWED = new Set(['{host}/{model}/resolve/main/{file}']);

/**
 * Files (or literals in them) that hold English on purpose. Diagnostics are developer-level details thrown by parsers and
 * shape checks: where one reaches the user it is the "(…)" detail inside a translated sentence, like an HTTP status text.
 */
const EXEMPT: Record<string, { reason: string; all?: true; literals?: RegExp }> = {
  'src/core/onnx/protobuf.ts': { all: true, reason: 'protobuf wire-format diagnostics (the detail in "not an ONNX model (…)")' },
  'src/core/onnx/scan-model.ts': { all: true, reason: 'ONNX graph diagnostics (the detail in "not an ONNX model (…)")' },
  'src/core/onnx/graph-index.ts': { all: true, reason: 'ONNX attribute names' },
  'src/core/onnx/expose-outputs.ts': { all: true, reason: 'graph-edit diagnostics' },
  'src/hub/onnx-skeleton.ts': { all: true, reason: 'ONNX skeleton parser diagnostics (the detail in "not a valid ONNX model (…)")' },
  'src/core/reference': { all: true, reason: 'the TypeScript reference forward pass: test-only diagnostics, never shown in the extension' },
  'src/core/npz': { all: true, reason: 'NumPy file format (header text) and its diagnostics' },
  'src/core/attention': {
    all: true,
    reason: 'shape-check diagnostics; head-roles keeps English role labels as the data the CSV/NPZ exports carry (the views show roleLabel()/roleEvidence())',
  },
  'src/core/tokens': { all: true, reason: 'tokenizer internals and diagnostics (token text is data)' },
  'src/core/model': { all: true, reason: 'config.json field names' },
  'src/hub/verify.ts': {
    literals: /^Attention Lens reads this model from the cache\.$|is not in the cache$/,
    reason: 'SAMPLE_TEXT is model input (tokenized by an English vocabulary), not UI text; a cache-miss diagnostic',
  },
  'src/engine/tokenizer.ts': { literals: /is not in the cache$/, reason: 'cache-miss diagnostic (the detail of engine_tokenizer_failed)' },
  'src/hub/validate.ts': { literals: /^no graph nodes$/, reason: 'diagnostic (the detail of hub_not_onnx)' },
  'src/hub/download.ts': { literals: /^no body$|^the body ended early$/, reason: 'diagnostics (the detail of hub_interrupted)' },
  'src/hub/progress.ts': { literals: /^unknown file /, reason: 'internal invariant' },
  'src/engine/engine-host.ts': { literals: /^unknown engine request /, reason: 'internal invariant (a protocol bug)' },
  'src/engine/engine.ts': { literals: /logits have .* values, expected/, reason: 'internal invariant (an export bug)' },
  'src/hub/catalog.ts': {
    literals: /^(BERT base, uncased|BERT base, cased|DistilBERT base, uncased|RoBERTa base)$/,
    reason: "Hub models' names (the built-in model's name and every description are messages)",
  },
  'src/hub/chunks.ts': { literals: /^The download stopped\.$/, reason: "an AbortError's text: the user sees hub_cancelled" },
  'src/views/lib/svg.ts': { literals: /sans-serif$/, reason: 'a CSS font stack' },
  'src/platform/offscreen-document.ts': {
    literals: /^Runs the BERT model/,
    reason: "the offscreen document's justification is read by Chrome Web Store review, not by the user",
  },
};

/** JSX attributes that never carry text for the user. */
const TECHNICAL_ATTRS =
  /^(scope|focusable|stroke-linecap|stroke-linejoin|key|ref|class|className|id|for|htmlFor|type|role|name|value|href|src|rel|target|style|tabIndex|lang|dir|autocomplete|autoFocus|spellcheck|inputMode|accept|min|max|step|rows|cols|width|height|viewBox|xmlns|d|x|y|x1|x2|y1|y2|cx|cy|r|rx|ry|fill|stroke|transform|offset|points|preserveAspectRatio|popover|allow|testid|testId|idPrefix|theme|mode|source|variant|data-[\w-]+|aria-(labelledby|controls|describedby|hidden|live|pressed|selected|expanded|disabled|current|busy|sort|valuemin|valuemax|valuenow|orientation|haspopup|modal|atomic|checked|owns|level|posinset|setsize)|stop-color|text-anchor|stroke-width|stroke-opacity|fill-opacity|font-size|font-weight|dominant-baseline|clip-path|gradientUnits)$/;

/** JSX attributes (of elements and of our components) that always carry text: any literal with a letter is reported. */
const UI_ATTRS =
  /^(title|aria-label|aria-description|aria-roledescription|aria-valuetext|aria-placeholder|placeholder|alt|label|legend|caption|corner|pageLabel|hint|message|notice|summary|tooltip|text|name)$/;

/** Object properties that carry UI text. */
const TEXT_PROPS = /^(label|title|message|description|hint|caption|text|what|legend|placeholder|notice|note|summary|tooltip|corner)$/;

/** DOM properties that show text. */
const DOM_TEXT_PROPS = /^(title|textContent|innerText|placeholder|alt|label|ariaLabel)$/;

/** Calls whose string arguments are not UI text (selectors, keys, events, URLs, CSS, MIME types …). */
const TECHNICAL_CALLS =
  /^(t|tParts|messages|querySelector|querySelectorAll|closest|matches|getElementById|createElement|createElementNS|addEventListener|removeEventListener|getAttribute|hasAttribute|removeAttribute|toggleAttribute|startsWith|endsWith|includes|indexOf|split|replace|replaceAll|match|test|exec|join|getItem|setItem|removeItem|getURL|extensionUrl|fetch|matchMedia|replaceSync|setProperty|getPropertyValue|postMessage|connect|onConnect|caches\.open|open|get|has|delete|set|RegExp|Error|TypeError|RangeError|console\.\w+|format|emitFile|defineProperty|attachShadow|animate|svgEl|item|require|import|import\.meta\.\w+|performance\.\w+|mark|measure|encodeURIComponent|decodeURIComponent|Blob|Response|Request|URL|new URL|TextDecoder|TextEncoder|Intl\.\w+|toLocaleString|toLocaleDateString|Symbol\.for)$/;

interface Finding {
  file: string;
  line: number;
  what: string;
  text: string;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

const hasLetter = (s: string) => /\p{L}/u.test(s);
/** An enumeration value or a code ("rows", "from", "compare-source-edit"), not words. */
const isIdentifier = (s: string) => /^(?:\{\}|[a-z][a-zA-Z0-9]*)(?:[-_][a-zA-Z0-9{}]+)*$/.test(s);
/** Reads like a sentence: two words of letters with white space between them, not CSS ("a: b; c: d") or a selector. */
function readsLikeProse(s: string): boolean {
  if (!/\p{L}{2,}[,.;:!?)”’"']*\s+[“‘("']?\p{L}{2,}/u.test(s)) return false;
  if (/^[\s\S]*[a-z-]+\s*:\s*[^;{}]+;/.test(s) && !/[.!?]\s*$/.test(s.trim())) return false; // CSS declarations
  if (/\{[^}]*:[^}]*\}/.test(s)) return false; // CSS rules
  if (/^\(?prefers-|^\(max-width|^\(min-width/.test(s)) return false; // media queries
  if (/^[a-z-]+\s*:\s*[\w\s%#().,-]+$/.test(s)) return false; // one CSS declaration ("position: fixed")
  if (s.split(',').every((part) => !/\s/.test(part.trim()))) return false; // a selector or tag list ("p, h1, li")
  if (s.split(/\s+/).every((w) => /^[a-z0-9]+(?:-[a-z0-9{}]+)+$|^\{\}$/.test(w))) return false; // class names
  if (/^[a-z]+\/[\w.+-]+(;.*)?$/.test(s)) return false; // a MIME type
  if (/^\s*</.test(s)) return false; // markup (the SVG export's XML declaration)
  return true;
}
/** A literal's text with template substitutions as "{}". */
function literalText(n: ts.Node): string | null {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => `{}${s.literal.text}`).join('');
  return null;
}
const isKey = (s: string) => KEYS.has(s);
const allowed = (s: string) => {
  const v = s.replace(/\s+/g, ' ').trim();
  if (!hasLetter(v) || ALLOWED.has(v) || isKey(v)) return true;
  return (v.replace(/\{\}/g, ' ').match(/\p{L}+/gu) ?? []).every((w) => ALLOWED_WORDS.has(w));
};

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const e = call.expression;
  const text = e.getText();
  if (ts.isPropertyAccessExpression(e)) {
    if (/^(console|performance|Intl|import\.meta|Symbol)$/.test(e.expression.getText())) return text;
    if (text === 'caches.open') return text;
    return e.name.text;
  }
  return ts.isNewExpression(call) ? (ts.isIdentifier(e) ? e.text : text) : text;
}

/** The literal is not shown: it is a message key, a comparison operand, an index, a technical argument … */
function technicalContext(n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n.parent, child: ts.Node = n; p; child = p, p = p.parent) {
    if (ts.isCallExpression(p) || ts.isNewExpression(p)) {
      if (p.expression === child) return false;
      const name = calleeName(p);
      if (TECHNICAL_CALLS.test(name)) return true;
      // setAttribute('title', literal) shows text; setAttribute('data-x', literal) does not.
      if (name === 'setAttribute') {
        const attr = p.arguments?.[0];
        if (child === attr) return true;
        return !(
          attr &&
          ts.isStringLiteral(attr) &&
          /^(title|aria-label|aria-description|aria-roledescription|aria-valuetext|placeholder|alt)$/.test(attr.text)
        );
      }
      return false;
    }
    if (ts.isBinaryExpression(p) && /^(===|!==|==|!=|in|instanceof)$/.test(p.operatorToken.getText())) return true;
    if (ts.isElementAccessExpression(p) && p.argumentExpression === child) return true;
    if (ts.isCaseClause(p) && p.expression === child) return true;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isImportTypeNode(p) || ts.isLiteralTypeNode(p) || ts.isExternalModuleReference(p))
      return true;
    if (ts.isPropertyAssignment(p) && p.name === child) return true;
    if (ts.isJsxAttribute(p)) return TECHNICAL_ATTRS.test(p.name.getText());
    if (ts.isJsxExpression(p) && p.parent && (ts.isJsxElement(p.parent) || ts.isJsxFragment(p.parent))) return false;
    if (ts.isBlock(p) || ts.isSourceFile(p)) return false;
  }
  return false;
}

/** Where a literal ends up, when that is a place that shows text. */
function textSink(n: ts.Node): string | null {
  for (let p: ts.Node | undefined = n.parent, child: ts.Node = n; p; child = p, p = p.parent) {
    if (ts.isJsxAttribute(p)) {
      const name = p.name.getText();
      if (TECHNICAL_ATTRS.test(name)) return null;
      return UI_ATTRS.test(name) || !isIdentifier(literalText(n) ?? '') ? `attribute ${name}` : null;
    }
    if (ts.isJsxExpression(p) && p.parent && (ts.isJsxElement(p.parent) || ts.isJsxFragment(p.parent))) return 'JSX text';
    if (ts.isJsxExpression(p)) continue;
    if (ts.isPropertyAssignment(p) && p.initializer === child)
      return TEXT_PROPS.test(p.name.getText()) && !isIdentifier(literalText(n) ?? '') ? `property ${p.name.getText()}` : null;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === child) {
      const left = p.left;
      return ts.isPropertyAccessExpression(left) && DOM_TEXT_PROPS.test(left.name.text) ? `DOM ${left.name.text}` : null;
    }
    if (ts.isCallExpression(p) && calleeName(p) === 'setAttribute' && p.arguments[1] === child) return 'setAttribute';
    // A state setter or an announcer (setSaid(…), setError(…), say(…)): what it is given is shown.
    if (ts.isCallExpression(p) && /^(set[A-Z]\w*|say|announce)$/.test(calleeName(p)) && !isIdentifier(literalText(n) ?? '')) return `${calleeName(p)}()`;
    if (
      ts.isConditionalExpression(p) ||
      ts.isParenthesizedExpression(p) ||
      ts.isBinaryExpression(p) ||
      ts.isTemplateSpan(p) ||
      ts.isTemplateExpression(p) ||
      ts.isAsExpression(p)
    )
      continue;
    return null;
  }
  return null;
}

function exemption(rel: string) {
  return Object.entries(EXEMPT).find(([path]) => rel === path || rel.startsWith(`${path}/`))?.[1];
}

function scan(file: string): Finding[] {
  const rel = relative(ROOT, file);
  const ex = exemption(rel);
  if (ex?.all) return [];
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Finding[] = [];
  const report = (n: ts.Node, what: string, text: string) => {
    if (ex?.literals?.test(text)) return;
    out.push({ file: rel, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, what, text: text.slice(0, 120) });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isJsxText(n)) {
      const text = n.text.replace(/\s+/g, ' ').trim();
      if (text && !allowed(text)) report(n, 'JSX text', text);
      return;
    }
    const text = literalText(n);
    if (text !== null) {
      if (!allowed(text) && !technicalContext(n)) {
        const sink = textSink(n);
        if (sink) report(n, sink, text);
        else if (readsLikeProse(text)) report(n, 'sentence', text);
      }
      if (!ts.isTemplateExpression(n)) return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('no hard-coded UI strings', () => {
  const files = sources(SRC);

  it('scans the whole source tree', () => {
    expect(files.length).toBeGreaterThan(150);
  });

  it('every string the user reads comes from the messages (t(), tParts(), messages())', () => {
    const found = files.flatMap(scan).map((f) => `${f.file}:${f.line} ${f.what}: ${JSON.stringify(f.text)}`);
    expect(found).toEqual([]);
  });

  it('the scan finds what it is meant to find', () => {
    // A synthetic component with one of each kind of hard-coded string, and the same strings done right.
    const bad = `
      const COLS = [{ label: 'Layer', title: 'Layer index' }];
      export function X(p: { n: number }) {
        el.title = 'Drag to move';
        el.setAttribute('aria-label', 'Close');
        setSaid(\`Zoom \${p.n} %\`);
        setMode('scratchpad');
        return <div title="Close the panel" aria-label={p.n ? 'One' : 'Many'}><b>Hello</b>{\`\${p.n} heads shown\`}<Switch label="Table" /></div>;
      }
      throw new ProtocolError('internal', 'The page did not answer.');`;
    const good = `
      const COLS = [{ label: 'col_layer', title: 'col_layer' }];
      export function X(p: { n: number }) {
        el.title = t('content_drag_to_move');
        el.setAttribute('data-x', 'some thing');
        if (p.kind === 'some thing') return null;
        return <div class="a b" title={t('overlay_close_title')} data-testid="x y">{t('hv_shown_heads', p.n)} × · A→B [CLS] {p.n}<Switch label={t('ctl_table')} /></div>;
      }`;
    const run = (code: string) => {
      // scan() reads from disk: the sample goes to a directory of its own
      const dir = mkdtempSync(join(tmpdir(), 'i18n-scan-'));
      const f = join(dir, 'x.tsx');
      writeFileSync(f, code);
      try {
        return scan(f).map((x) => x.text);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    expect(run(bad)).toEqual([
      'Layer',
      'Layer index',
      'Drag to move',
      'Close',
      'Zoom {} %',
      'Close the panel',
      'One',
      'Many',
      'Hello',
      '{} heads shown',
      'Table',
      'The page did not answer.',
    ]);
    expect(run(good)).toEqual([]);
  });
});
