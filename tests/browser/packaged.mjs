// The store packages (`npm run package` → packages/) as the e2e tests load them: Chromium gets the Chrome zip
// unzipped into a temporary folder ("Load unpacked" from the zip, as README tells a user), Firefox the .xpi itself
// (WebDriver BiDi webExtension.install with the archive path).
// `testHost: true` adds only the automation build's manifest change, the host permission for the local test pages
// (http://127.0.0.1/*, which a user grants by clicking the toolbar button — automation cannot): the code, pages,
// wasm and model are the package's own bytes. AL_PACKAGES=<dir> reads packages from another folder (package.mjs --out).
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzip, zip } from '../../scripts/lib/zip.mjs';
import { ROOT } from './harness.mjs';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
export const PACKAGES = process.env.AL_PACKAGES ?? join(ROOT, 'packages');
export const TEST_HOST_PERMISSION = 'http://127.0.0.1/*';

/** packages/<name>-<version>-chrome.zip or …-firefox.xpi; throws, saying how to make it, when it is missing. */
export function packagePath(browser) {
  const file = join(PACKAGES, `${pkg.name}-${pkg.version}-${browser === 'firefox' ? 'firefox.xpi' : 'chrome.zip'}`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run package" first`);
  return file;
}

function entriesWithTestHost(entries) {
  return entries.map((e) => {
    if (e.name !== 'manifest.json') return e;
    const manifest = JSON.parse(e.data.toString('utf8'));
    if (manifest.host_permissions?.length) throw new Error(`the package's manifest already asks for host permissions: ${manifest.host_permissions}`);
    return { name: e.name, data: Buffer.from(JSON.stringify({ ...manifest, host_permissions: [TEST_HOST_PERMISSION] }, null, 2)) };
  });
}

const unpacked = new Map();
/** The Chrome package, unzipped into a fresh temporary folder (once per process and option). */
export function unpackChromePackage({ testHost = false } = {}) {
  const key = String(testHost);
  if (unpacked.has(key)) return unpacked.get(key);
  let entries = unzip(readFileSync(packagePath('chrome')));
  if (testHost) entries = entriesWithTestHost(entries);
  const dir = mkdtempSync(join(tmpdir(), 'attention-lens-chrome-package-'));
  for (const e of entries) {
    mkdirSync(dirname(join(dir, e.name)), { recursive: true });
    writeFileSync(join(dir, e.name), e.data);
  }
  unpacked.set(key, dir);
  return dir;
}

/** The Firefox .xpi; with testHost, a copy in a temporary folder whose manifest has the test host permission. */
export function firefoxPackage({ testHost = false } = {}) {
  const xpi = packagePath('firefox');
  if (!testHost) return xpi;
  const out = join(mkdtempSync(join(tmpdir(), 'attention-lens-firefox-package-')), 'attention-lens-test.xpi');
  writeFileSync(out, zip(entriesWithTestHost(unzip(readFileSync(xpi))), { level: 0 }));
  return out;
}
