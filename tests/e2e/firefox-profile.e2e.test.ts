// Firefox (production .xpi in firefox-esr): "Profile this page" from the in-page overlay on a long public-domain page
// (tests/browser/pages/long-text.html, The Devil's Dictionary, > 10,000 tokens): the background page injects
// readable.js (Mozilla Readability on a clone of the document) into the tab, the engine in the background page runs
// every window, and the overlay shows progress to 100 % and the profile of the page's main text — the counterpart of
// the Chromium spec tests/browser/specs/long-text.test.mjs. Progress and timing are printed for the issue note.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findContext, launchFirefoxWithXpi, runCommand, waitForValue, type FirefoxSession } from '../browser/firefox-bidi.mjs';

const PAGE = readFileSync(join(import.meta.dirname, '../browser/pages/long-text.html'), 'utf8');
let ff: FirefoxSession;
let server: Server;
let pageCtx: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  ({ ff, pageCtx } = await launchFirefoxWithXpi({ systemAccess: true, helperUrl: `${origin}/helper.html`, pageUrl: `${origin}/long-text.html` }));
});
afterAll(async () => {
  await ff?.close();
  await new Promise((r) => server?.close(r));
});

it('Firefox: Profile this page reads the main text of a 10,000-token page and profiles every window to 100 %', async () => {
  // a paragraph selected, then Alt+Shift+L (which grants the tab to the extension, as the toolbar button does)
  await ff.evaluate(
    pageCtx,
    `(() => { const p = document.querySelectorAll('#first-part p')[1]; const r = document.createRange(); r.selectNodeContents(p); const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; })()`,
  );
  await ff.send('browsingContext.activate', { context: pageCtx });
  await runCommand(ff, 'show-overlay');
  const frame = await findContext(ff, pageCtx, '/src/overlay/overlay.html');
  await waitForValue(ff, frame, `document.querySelector('[data-testid="lens-result"]') ? true : null`, 'the first analysis', { timeoutMs: 60_000 });
  await waitForValue(
    ff,
    frame,
    `(() => { const t = [...document.querySelectorAll('[role="tab"]')].find((e) => e.textContent.trim() === 'Profile'); if (!t) return null; t.click(); return true; })()`,
    'the Profile tab',
  );
  await waitForValue(
    ff,
    frame,
    `(() => { const b = document.querySelector('[data-testid="profile-page"]'); if (!b || b.disabled) return null; b.click(); return true; })()`,
    'the "Profile this page" button',
  );

  const t0 = Date.now();
  const seen = new Set<number>();
  let state = '';
  while (Date.now() - t0 < 180_000) {
    const s = JSON.parse(
      await ff.evaluate(
        frame,
        `JSON.stringify({ state: document.querySelector('[data-testid="profile-view"]')?.dataset.state ?? '', pct: document.querySelector('[data-testid="profile-progress"]')?.dataset.percent ?? null })`,
      ),
    ) as { state: string; pct: string | null };
    if (s.pct !== null) seen.add(Number(s.pct));
    state = s.state;
    if (state === 'done' || state === 'error') break;
    await sleep(100);
  }
  const error = await ff.evaluate(frame, `document.querySelector('[data-testid="profile-error"]')?.textContent ?? ''`);
  expect(state, error).toBe('done');
  const summary = JSON.parse(
    await ff.evaluate(
      frame,
      `(() => { const e = document.querySelector('[data-testid="profile-summary"]'); return JSON.stringify({ ...e.dataset, text: e.textContent }); })()`,
    ),
  ) as { windows: string; windowsDone: string; tokens: string; complete: string; text: string };
  console.log(`# Firefox profile: ${summary.text} (${Date.now() - t0} ms from the click; progress seen ${[...seen].sort((a, b) => a - b).join(', ')})`);
  expect(Number(summary.tokens)).toBeGreaterThan(9000); // the whole article, not the selected paragraph
  expect(summary.windowsDone).toBe(summary.windows);
  expect(Number(summary.windows)).toBeGreaterThanOrEqual(Math.ceil(Number(summary.tokens) / 510));
  expect(summary.complete).toBe('true');
  expect(summary.text).toMatch(/main text \(“The Devil's Dictionary/);
  expect(summary.text).toMatch(/100 %/);
  expect(
    [...seen].some((p) => p > 0 && p < 100),
    'intermediate progress was shown',
  ).toBe(true);
  // the profile's heads table has a row per layer × head of the default model (4 × 4)
  expect(Number(await ff.evaluate(frame, `document.querySelectorAll('[data-testid="profile-head-row"]').length`))).toBe(16);
});
