// `npm run package`: production builds (no automation hooks) for Chrome and Firefox, zipped for the stores:
//   packages/attention-lens-<version>-chrome.zip          Chrome Web Store and Edge Add-ons (dist/)
//   packages/attention-lens-<version>-firefox.xpi         addons.mozilla.org (dist-firefox/)
//   packages/attention-lens-<version>-firefox-sources.zip the sources AMO asks for, to rebuild the .xpi
// The manifest's version is package.json's (vite.config.ts injects it); checked here in both builds.
// Flags: --skip-build zips the existing dist/ and dist-firefox/; --out=DIR builds into DIR/dist and DIR/dist-firefox and
// writes DIR/packages/ instead (tests/browser/packaged.mjs then reads them with AL_PACKAGES=DIR/packages).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { entriesOfDir, zip } from './lib/zip.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const skipBuild = process.argv.includes('--skip-build');
const outArg = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
const BASE = outArg ? resolve(outArg) : ROOT;
const OUT = join(BASE, 'packages');

const TARGETS = [
  { browser: 'chrome', dist: 'dist', file: `${pkg.name}-${pkg.version}-chrome.zip` },
  { browser: 'firefox', dist: 'dist-firefox', file: `${pkg.name}-${pkg.version}-firefox.xpi` },
];

/** Files every package must carry (besides the manifest's own). */
const REQUIRED = ['manifest.json', 'LICENSE.txt', 'THIRD_PARTY_NOTICES.txt', 'privacy.html'];

function build(browser, outDir) {
  const env = { ...process.env, NODE_ENV: 'production' };
  delete env.AL_AUTOMATION; // store packages never carry the test host permission
  if (browser === 'firefox') env.AL_BROWSER = 'firefox';
  else delete env.AL_BROWSER;
  // Vite's own bin through this Node (no npx: npx.cmd needs a shell on Windows).
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', outDir], { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`vite build (${browser}) failed`);
}

function check(dist, browser) {
  for (const f of REQUIRED) if (!existsSync(join(dist, f))) throw new Error(`${dist}/${f} is missing`);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  if (manifest.version !== pkg.version) throw new Error(`${dist}/manifest.json has version ${manifest.version}, package.json ${pkg.version}`);
  if (manifest.host_permissions?.length) throw new Error(`${dist}/manifest.json asks for host permissions (an automation build?)`);
  if (browser === 'firefox' && !manifest.browser_specific_settings?.gecko?.id) throw new Error(`${dist}/manifest.json has no gecko id`);
}

/**
 * What AMO needs to rebuild the .xpi: the code, the build configuration, the lockfile, the embedded model's files
 * the build copies (binary data, not code), and build instructions. No node_modules, no build outputs.
 */
const SOURCE_PATHS = [
  'src',
  'public',
  '_locales',
  'models/attention-lens-mini',
  'scripts/package.mjs',
  'scripts/lib',
  'manifest.json',
  'package.json',
  'package-lock.json',
  '.npmrc',
  'vite.config.ts',
  'tsconfig.json',
  'tsconfig.pure.json',
  'README.md',
  'LICENSE',
  'PRIVACY.md',
  'CHANGELOG.md',
];
const SOURCE_EXCLUDE = /(^|\/)(node_modules|__pycache__|\.DS_Store)(\/|$)|\.log$/;

function sourcesReadme() {
  return `# Attention Lens ${pkg.version} — building the Firefox package from these sources

Requirements: Node.js 20.19 or newer (packaged with ${process.version}) and npm; Linux, macOS or Windows.
No other tools: the build is Vite (bundler), TypeScript and the npm packages pinned in package-lock.json.

    npm ci
    AL_BROWSER=firefox npx vite build      # → dist-firefox/ (the .xpi's contents)
    # or: npm run package                  # → packages/${pkg.name}-${pkg.version}-firefox.xpi (and the Chrome zip)

Windows (cmd): \`set "AL_BROWSER=firefox" && npx vite build\`; PowerShell: \`$env:AL_BROWSER='firefox'; npx vite build\`.

Bundled third-party code comes from npm (onnxruntime-web, @huggingface/tokenizers, preact, d3, …; see
THIRD_PARTY_NOTICES.txt in the package). models/attention-lens-mini/ holds the embedded model (ONNX weights
and tokenizer data, not code); its card (README.md there) says how it was trained.
The WebAssembly files in the package are onnxruntime-web's own, copied unchanged from
node_modules/onnxruntime-web/dist/.
`;
}

function sourceEntries() {
  const entries = [];
  for (const p of SOURCE_PATHS) {
    const abs = join(ROOT, p);
    if (!existsSync(abs)) {
      if (p === '.npmrc' || p === 'tsconfig.pure.json') continue;
      throw new Error(`sources: ${p} is missing`);
    }
    if (statSync(abs).isDirectory()) entries.push(...entriesOfDir(abs, { prefix: `${p}/`, filter: (rel) => !SOURCE_EXCLUDE.test(rel) }));
    else entries.push({ name: p, data: readFileSync(abs) });
  }
  entries.push({ name: 'BUILDING.md', data: sourcesReadme() });
  return entries.sort((a, b) => (a.name < b.name ? -1 : 1));
}

const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;

mkdirSync(OUT, { recursive: true });
const report = [];
for (const t of TARGETS) {
  const dist = join(BASE, t.dist);
  if (!skipBuild) build(t.browser, dist);
  check(dist, t.browser);
  const entries = entriesOfDir(dist);
  const unpacked = entries.reduce((s, e) => s + e.data.length, 0);
  const archive = zip(entries);
  writeFileSync(join(OUT, t.file), archive);
  report.push({ file: t.file, files: entries.length, unpacked, zipped: archive.length });
}
const src = sourceEntries();
const srcZip = zip(src);
const srcFile = `${pkg.name}-${pkg.version}-firefox-sources.zip`;
writeFileSync(join(OUT, srcFile), srcZip);
report.push({ file: srcFile, files: src.length, unpacked: src.reduce((s, e) => s + e.data.length, 0), zipped: srcZip.length });

for (const r of report) console.log(`${relative(ROOT, join(OUT, r.file)) || r.file}: ${mb(r.zipped)} zipped, ${mb(r.unpacked)} unpacked, ${r.files} files`);
