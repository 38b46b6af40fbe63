// Firefox (production .xpi in firefox-esr): Attention Lens reloaded or updated under an open page. Firefox ends the old
// content script with the extension, so nothing in the page can say so (Chromium's orphaned script shows "Attention
// Lens was reloaded": tests/browser/specs/reliability.test.mjs); its overlay and heat layer stay, dead, until the
// reader acts. Before the fix the next Alt+Shift+L drew a second overlay and heat layer on top of the dead ones; now
// the new version's content script removes them first and the next selection is analysed in one overlay.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADDON_ID, findContext, launchFirefoxWithXpi, runCommand, waitForValue, type FirefoxSession } from '../browser/firefox-bidi.mjs';

const TEXT = `<!doctype html><meta charset="utf-8"><title>text</title><p id="p1">The quick brown fox jumps over the lazy dog.</p><p id="p2">Seven ships sailed down the river at night.</p>`;
let ff: FirefoxSession;
let server: Server;
let pageCtx: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const select = (id: string) =>
  ff.evaluate(
    pageCtx,
    `(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('${id}')); const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; })()`,
  );
/** Attention Lens's elements in the page: overlays, heat layers. */
const ELEMENTS = `JSON.stringify({ overlays: document.querySelectorAll('attention-lens-overlay').length, heat: document.querySelectorAll('attention-lens-heat').length })`;
const overlayFrames = async () =>
  ((await ff.send('browsingContext.getTree', { root: pageCtx })).contexts[0].children as Array<{ context: string; url: string }>).filter((c) =>
    c.url.includes('/src/overlay/overlay.html'),
  );
const RESULT = (marker: string) =>
  `(() => { const t = [...document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.dataset.token); return t.includes(${JSON.stringify(marker)}) ? 'result' : null; })()`;

beforeAll(async () => {
  server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(TEXT));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  ({ ff, pageCtx } = await launchFirefoxWithXpi({ systemAccess: true, helperUrl: `${origin}/helper.html`, pageUrl: `${origin}/text.html` }));
});
afterAll(async () => {
  await ff?.close();
  await new Promise((r) => server?.close(r));
});

it('Firefox: reloaded under an open overlay, the next Alt+Shift+L replaces the dead panel and heat with one working overlay', async () => {
  await select('p1');
  await ff.send('browsingContext.activate', { context: pageCtx });
  await runCommand(ff, 'show-overlay');
  const first = await findContext(ff, pageCtx, '/src/overlay/overlay.html');
  expect(await waitForValue(ff, first, RESULT('fox'), 'the first analysis')).toBe('result');
  await waitForValue(ff, pageCtx, `document.querySelector('attention-lens-heat') ? true : null`, 'the page heat');

  // the reload about:debugging and an update do
  await ff.chromeEvaluate(
    `(async () => { const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs'); await (await AddonManager.getAddonByID(${JSON.stringify(ADDON_ID)})).reload(); return true; })()`,
  );
  // nothing of the extension runs in the page now: the old panel stays until the reader acts
  await sleep(1000);
  expect(JSON.parse(await ff.evaluate(pageCtx, ELEMENTS))).toEqual({ overlays: 1, heat: 1 });

  // the next selection opens one working overlay with the new paragraph
  await select('p2');
  await runCommand(ff, 'show-overlay');
  let frame = '';
  const t0 = Date.now();
  while (!frame && Date.now() - t0 < 20_000) {
    frame = (await overlayFrames()).find((f) => f.context !== first)?.context ?? ''; // not the dead one
    if (!frame) await sleep(50);
  }
  expect(frame).not.toBe('');
  expect(await waitForValue(ff, frame, RESULT('ships'), 'the analysis after the reload')).toBe('result');
  // the new version replaced the dead panel and heat instead of drawing over them (before the fix: 2 overlays, 2 heat layers)
  const now = JSON.parse(await ff.evaluate(pageCtx, ELEMENTS));
  console.log(`# after the reload and Alt+Shift+L: ${JSON.stringify(now)}, ${(await overlayFrames()).length} overlay frame(s)`);
  expect(now.overlays).toBe(1);
  expect(now.heat).toBeLessThanOrEqual(1);
  expect(await overlayFrames()).toHaveLength(1);
});
