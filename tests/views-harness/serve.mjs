// Builds the views harness (tests/views-harness, vite.harness.config.ts → artifacts/harness) and serves it on
// 127.0.0.1; shared by tests/browser/views-harness.mjs and tests/browser/specs/a11y.test.mjs.
import { build } from 'vite';
import http from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../../scripts/lib/find-browser.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const OUT = join(ROOT, 'artifacts/harness');

export async function buildHarness() {
  // webextension-polyfill throws outside an extension: views that import src/platform get an inert stand-in.
  await build({
    configFile: join(ROOT, 'vite.harness.config.ts'),
    logLevel: 'warn',
    resolve: { alias: { 'webextension-polyfill': join(ROOT, 'tests/views-harness/polyfill-stub.ts') } },
  });
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Serve artifacts/harness: { base: 'http://127.0.0.1:PORT/', close() }. */
export async function serveHarness() {
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(OUT, path));
    if (!file.startsWith(OUT)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Chromium flags for the harness (an installed Chromium found by scripts/lib/find-browser.mjs, never a downloaded browser). */
export const CHROMIUM = {
  executablePath: findChromium(),
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** Open a harness page (?case, tab, theme, compact, width, controlled, state) and wait until it has drawn. */
export async function openHarness(page, base, params) {
  const q = new URLSearchParams({ theme: 'light', ...params });
  await page.goto(`${base}index.html?${q}`);
  await page.waitForFunction(() => window.__harness?.ready === true, null, { timeout: 60_000 });
  await page.waitForTimeout(60);
}
