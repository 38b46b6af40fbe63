// Hardening: hostile pages, privacy leaks and faults. Each numbered failure of the hardening issue has a case here;
// fault injection runs at several delays and asserts a result or a clear message within a deadline. Times are
// printed ("# fault …") for the issue note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS, clickContextMenu, launchWithExtension, newPageWithTabId, overlayFrame, selectElementText, tabIdOf } from '../harness.mjs';

const DIST = process.env.AL_DIST ?? join(ROOT, 'dist-automation');
const SECRET = 'hunter2-very-secret';

const PAGES = {
  '/text.html': `<!doctype html><meta charset="utf-8"><title>text</title><p id="a">The quick brown fox jumps over the lazy dog.</p>
    <p id="b">Blueberries grow best in acidic soil.</p>
    <input id="pw" type="password" value="${SECRET}"> <input id="cc" autocomplete="cc-number" value="4111 1111 1111 1111">
    <input id="otp" autocomplete="one-time-code" value="918273"> <textarea id="ok">A plain field may be read.</textarea>`,
  '/frames.html': `<!doctype html><meta charset="utf-8"><title>frames</title><p id="top">The older selection sits on the top page.</p>
    <iframe id="f" src="FRAME_URL" width="600" height="120"></iframe>`,
  '/frame-inner.html': `<!doctype html><meta charset="utf-8"><p id="inner">Fresh words inside the embedded frame win.</p>`,
  '/sandboxed.html': `<!doctype html><meta charset="utf-8"><title>sandboxed</title><p id="a">This page forbids scripts in frames.</p>`,
  '/sandboxed-scripts.html': `<!doctype html><meta charset="utf-8"><title>sandboxed scripts</title><p id="a">This page is sandboxed but allows scripts.</p>`,
  '/covers.html': `<!doctype html><meta charset="utf-8"><title>covers</title><p id="a">A page that later covers everything.</p>
    <dialog id="d"><p>A modal dialog</p></dialog>`,
};
// A one-page PDF served without ".pdf" in its URL.
const PDF = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj 4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 20 60 Td (Hello PDF words) Tj ET\nendstream endobj 5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;

function serve(pages) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/doc') return res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF);
    const body = pages[path];
    if (!body) return res.writeHead(404).end('not found');
    const headers = { 'content-type': 'text/html; charset=utf-8' };
    if (path === '/sandboxed.html') headers['content-security-policy'] = 'sandbox';
    if (path === '/sandboxed-scripts.html') headers['content-security-policy'] = 'sandbox allow-scripts';
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: (p) => `http://127.0.0.1:${port}${p}`, close: () => new Promise((r) => server.close(r)) });
    }),
  );
}

let browser, site, otherSite;

before(async () => {
  otherSite = await serve(PAGES); // a second origin (another port) for frames and navigation
  site = await serve({ ...PAGES, '/frames.html': PAGES['/frames.html'].replace('FRAME_URL', otherSite.url('/frame-inner.html')) });
  browser = await launchWithExtension(DIST);
});

/** All text the page shows, closed shadow roots included (the accessibility tree sees through them). */
async function shownText(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.map((n) => n.name?.value ?? '').join(' ');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
after(async () => {
  await browser?.close();
  await site?.close();
  await otherSite?.close();
});

async function openPopup(tabId) {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 780, height: 600 });
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${tabId}`));
  return popup;
}

/** Result or error shown in a surface, with the time it took. */
async function outcome(surface, deadline) {
  const t0 = Date.now();
  const el = surface.locator('[data-testid="lens-result"], [data-testid="lens-error"]').first();
  await el.waitFor({ timeout: deadline });
  const kind = (await el.getAttribute('data-testid')) === 'lens-result' ? 'result' : `error:${await el.getAttribute('data-code')}`;
  return { kind, ms: Date.now() - t0 };
}

const sessionHas = (text) => browser.worker.evaluate(async (t) => JSON.stringify(await chrome.storage.session.get(null)).includes(t), text);

/** Selects #a, opens the overlay on it from the context menu and waits for its result; resolves with the overlay frame. */
async function overlayOnA(page) {
  await selectElementText(page, 'a');
  await clickContextMenu(browser.worker, page, 'x');
  const frame = await overlayFrame(page, browser.extensionId);
  await frame.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  return frame;
}

test('1. password, card and one-time-code fields are never read (popup and pinned overlay)', async () => {
  const page = await browser.context.newPage();
  await page.goto(site.url('/text.html'));
  const tabId = await tabIdOf(browser.worker, page);

  // A pinned overlay does not follow Ctrl+A into a password field. (First, while this tab is the one in front: the
  // popups below are tabs here, and an extension frame created in a tab that is not in front gets no input.)
  const frame = await overlayOnA(page);
  await frame.locator('[data-testid="pin"]').click();
  await frame.waitForSelector('[data-testid="pin"][aria-pressed="true"]');
  await page.focus('#pw');
  await page.keyboard.press('Control+A');
  const err = frame.locator('[data-testid="lens-error"]');
  await err.waitFor({ timeout: 10000 });
  assert.equal(await err.getAttribute('data-code'), 'protected-field');
  assert.doesNotMatch(await frame.content(), /hunter2/);
  assert.equal(await sessionHas(SECRET), false, 'nothing stored while pinned');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('attention-lens-overlay'));

  for (const id of ['pw', 'cc', 'otp']) {
    await page.focus(`#${id}`);
    await page.evaluate((i) => document.getElementById(i).select(), id);
    const popup = await openPopup(tabId);
    const o = await outcome(popup, 20000);
    assert.equal(o.kind, 'error:protected-field', `${id}: refused`);
    assert.match(await popup.locator('[data-testid="lens-error"]').innerText(), /never reads/);
    assert.doesNotMatch(await popup.content(), /hunter2|4111|918273/, `${id}: nothing of the value reached the popup`);
    await popup.close();
  }
  assert.equal(await sessionHas(SECRET), false, 'nothing stored');
  await page.close();
});

test('2–3. the overlay page cannot be framed or fetched by other sites; tab state is dropped on navigation', async () => {
  const page = await browser.context.newPage();
  await page.goto(site.url('/text.html'));
  const tabId = await tabIdOf(browser.worker, page);
  await overlayOnA(page);
  assert.equal(await sessionHas('quick brown fox'), true, 'the analysed text is kept for this page');

  // Another site in the same tab.
  await page.goto(otherSite.url('/text.html'));
  await page.waitForTimeout(300);
  assert.equal(await sessionHas('quick brown fox'), false, "the previous site's text is gone from session storage");
  const probes = await page.evaluate(async (id) => {
    const urls = [`chrome-extension://${id}/src/overlay/overlay.html`, `chrome-extension://${id}/content.js`, `chrome-extension://${id}/manifest.json`];
    const out = {};
    for (const u of urls) {
      try {
        const r = await fetch(u);
        out[u] = r.status;
      } catch {
        out[u] = 'blocked';
      }
    }
    // framing the overlay at its static URL
    const f = document.createElement('iframe');
    f.src = urls[0];
    document.body.append(f);
    await new Promise((r) => setTimeout(r, 1500));
    let framed;
    try {
      framed = f.contentDocument ? 'readable' : 'opaque';
    } catch {
      framed = 'opaque';
    }
    return { out, framed };
  }, browser.extensionId);
  for (const [u, status] of Object.entries(probes.out)) assert.equal(status, 'blocked', `${u} is not reachable from a page`);
  // The blocked frame never becomes the overlay page.
  const overlayFrames = page.frames().filter((f) => f.url().includes('/src/overlay/overlay.html'));
  for (const f of overlayFrames) {
    const shows = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    assert.doesNotMatch(shows, /quick brown fox/, 'no previous analysis in a page-made frame');
  }
  // An overlay page loaded without the one-time token (here as a tab) shows nothing of the tab's analysis.
  const forged = await browser.context.newPage();
  await forged.goto(browser.extUrl('src/overlay/overlay.html'));
  const o = await outcome(forged, 10000);
  assert.match(o.kind, /^error:/);
  assert.doesNotMatch(await forged.content(), /quick brown fox/);
  await forged.close();
  assert.ok(tabId > 0);
  await page.close();
});

/** Starts a popup analysis on a fresh selection and applies a fault after `delay` ms; returns the outcome. */
async function faultRun(fault, delay, warm) {
  const page = await browser.context.newPage();
  await page.goto(site.url('/text.html'));
  const tabId = await tabIdOf(browser.worker, page);
  if (!warm) await browser.worker.evaluate(() => chrome.offscreen.closeDocument().catch(() => undefined));
  await selectElementText(page, 'b');
  const popup = await browser.context.newPage();
  const t0 = Date.now();
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${tabId}`));
  await new Promise((r) => setTimeout(r, delay));
  const tf = Date.now();
  await fault();
  const o = await outcome(popup, 25000);
  await popup.close();
  await page.close();
  return { ...o, fromFaultMs: Date.now() - tf, totalMs: Date.now() - t0 };
}

test('4. killing the engine at any moment ends in a result or a message, never an endless spinner', async () => {
  const closeEngine = () => browser.worker.evaluate(() => chrome.offscreen.closeDocument().catch(() => undefined));
  const times = [];
  for (const warm of [false, true]) {
    for (const delay of [0, 50, 150, 400, 800, 1500]) {
      const o = await faultRun(closeEngine, delay, warm);
      times.push(o.fromFaultMs);
      console.log(`# fault engine-closed ${warm ? 'warm' : 'cold'} +${delay} ms → ${o.kind} after ${o.fromFaultMs} ms`);
      assert.ok(o.kind === 'result' || o.kind === 'error:offscreen-lost', `${o.kind} at +${delay} ms`);
    }
  }
  times.sort((a, b) => a - b);
  console.log(`# fault engine-closed: median ${times[times.length >> 1]} ms, max ${times[times.length - 1]} ms`);
});

test('4b. stopping the service worker mid-request ends in a result or a message', async () => {
  const cdp = await browser.context.newCDPSession(await browser.context.newPage());
  await cdp.send('ServiceWorker.enable');
  const stopWorker = () => cdp.send('ServiceWorker.stopAllWorkers');
  const times = [];
  for (const delay of [0, 100, 400, 1200]) {
    const o = await faultRun(stopWorker, delay, true);
    times.push(o.fromFaultMs);
    console.log(`# fault worker-stopped +${delay} ms → ${o.kind} after ${o.fromFaultMs} ms`);
    assert.ok(o.kind === 'result' || o.kind === 'error:offscreen-lost', `${o.kind} at +${delay} ms`);
    // the worker handle of the harness is stale after a stop: wake it and take the new one
    browser.worker = browser.context.serviceWorkers().at(-1) ?? browser.worker;
  }
  times.sort((a, b) => a - b);
  console.log(`# fault worker-stopped: median ${times[times.length >> 1]} ms, max ${times[times.length - 1]} ms`);
});

test('5. view-source: pages get a message naming the page kind, quickly', async () => {
  const { page, tabId } = await newPageWithTabId(browser.context, browser.worker);
  await page.goto(`view-source:${site.url('/text.html')}`).catch(() => undefined);
  assert.ok(tabId, 'the view-source tab exists');
  const t0 = Date.now();
  const popup = await openPopup(tabId);
  const o = await outcome(popup, 8000);
  console.log(`# view-source popup → ${o.kind} in ${Date.now() - t0} ms`);
  assert.equal(o.kind, 'error:restricted-page');
  assert.match(await popup.locator('[data-testid="lens-error"]').innerText(), /view-source/);
  await popup.close();
  await page.close();
});

test('6. NaN weights give a message naming the model, and a fixed file loads without a browser restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'attention-lens-nan-'));
  await cp(DIST, dir, { recursive: true });
  const modelPath = join(dir, 'models/attention-lens-mini/onnx/model.onnx');
  const good = await readFile(modelPath);
  // Poison the embeddings' LayerNorm weight (raw_data right after its name): every hidden state becomes NaN. The
  // shipped file stores its weights as float16 ('…weight_fp16', cast to float32 in the graph); a float32 file as is.
  const bad = Buffer.from(good);
  // the initializer's name is the occurrence followed by its raw_data field (tag 0x4a); nodes mention it earlier
  const find = (name) => {
    for (let from = 0, at; (at = bad.indexOf(name, from)) >= 0; from = at + 1) if (bad[at + name.length] === 0x4a) return at + name.length;
    return -1;
  };
  const half = find(Buffer.from('embeddings.LayerNorm.weight_fp16'));
  const at = half > 0 ? half : find(Buffer.from('embeddings.LayerNorm.weight'));
  assert.ok(at > 0, 'initializer found');
  let p = at + 1;
  while (bad[p] & 0x80) p++;
  p++;
  if (half > 0)
    for (let k = 0; k < 16; k += 2) bad.writeUInt16LE(0x7e00, p + k); // float16 NaN
  else for (let k = 0; k < 16; k += 4) bad.writeFloatLE(Number.NaN, p + k);
  await writeFile(modelPath, bad);
  const b2 = await launchWithExtension(dir);
  try {
    const page = await b2.context.newPage();
    await page.goto(site.url('/text.html'));
    await selectElementText(page, 'a');
    const popup = await b2.context.newPage();
    await popup.goto(b2.extUrl(`src/popup/popup.html?tab=${await tabIdOf(b2.worker, page)}`));
    const err = popup.locator('[data-testid="lens-error"]');
    await err.waitFor({ timeout: 60000 });
    assert.equal(await err.getAttribute('data-code'), 'model-numerics');
    assert.match(await err.innerText(), /attention-lens-mini/);
    await popup.screenshot({ path: join(SCREENSHOTS, 'reliability-nan.png') });
    // The user replaces the file; "Try again" loads it afresh.
    await writeFile(modelPath, good);
    await popup.getByRole('button', { name: /try again/i }).click();
    await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  } finally {
    await b2.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('7. sandboxed pages: the overlay says the page forbids it instead of a blank or raw error', async () => {
  for (const path of ['/sandboxed.html', '/sandboxed-scripts.html']) {
    const page = await browser.context.newPage();
    await page.goto(site.url(path));
    await selectElementText(page, 'a').catch(() => undefined); // page scripts may be blocked; Playwright's run anyway
    const t0 = Date.now();
    await clickContextMenu(browser.worker, page, 'This page');
    // The message lives in the closed shadow root: read it through the accessibility tree.
    // Read through the accessibility tree only: a page without scripts may give Playwright's main-world polling
    // nothing to run in (seen after another tab's failed injection), while the overlay is there.
    let text = '';
    for (let i = 0; i < 200 && !/sandbox|forbids|blocks/i.test(text); i++) {
      await page.waitForTimeout(100);
      text = await shownText(page);
    }
    console.log(`# ${path}: message after ${Date.now() - t0} ms`);
    assert.match(text, /sandbox|forbids|blocks extension frames/i, `${path}: the page says why`);
    await page.screenshot({ path: join(SCREENSHOTS, `reliability${path.replace('.html', '').replace('/', '-')}.png`) });
    await page.close();
  }
});

test('8. a selection in a cross-origin frame beats an older one on the page; a PDF without .pdf is named', async () => {
  const page = await browser.context.newPage();
  await page.goto(site.url('/frames.html'));
  await selectElementText(page, 'top');
  await page.waitForTimeout(300);
  const inner = page.frames().find((f) => f.url().includes('frame-inner'));
  // the user clicks into the frame and selects there (focus moves into the frame, as with a mouse)
  await page.locator('#f').click();
  await inner.evaluate(() => {
    const r = document.createRange();
    r.selectNodeContents(document.getElementById('inner'));
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  });
  await page.waitForTimeout(200);
  const popup = await openPopup(await tabIdOf(browser.worker, page));
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 60000 });
  const tokens = await popup.locator('[data-testid="heat-cell"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
  assert.ok(tokens.includes('fresh') && tokens.includes('embedded'), `the frame's newer selection is analysed: ${tokens.join(' ')}`);
  assert.ok(!tokens.includes('older'), 'not the stale top-page selection');
  await popup.close();

  await page.goto(site.url('/doc'));
  await page.waitForTimeout(1000);
  const pdfPopup = await openPopup(await browser.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, site.url('/doc')));
  const o = await outcome(pdfPopup, 10000);
  assert.equal(o.kind, 'error:restricted-page');
  assert.match(await pdfPopup.locator('[data-testid="lens-error"]').innerText(), /PDF/);
  await pdfPopup.close();
  await page.close();
});

test('9. page scripts cannot close the overlay with synthetic keys; later page covers stay below it', async () => {
  const page = await browser.context.newPage();
  await page.goto(site.url('/covers.html'));
  await overlayOnA(page);
  // Unpinned: the most fragile state (Esc and a click elsewhere close it).
  await page.evaluate(() => {
    for (const t of [window, document, document.body]) t.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    // a late full-page cover
    const cover = document.createElement('div');
    cover.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.3)';
    document.body.append(cover);
  });
  await page.waitForTimeout(300);
  assert.equal(await page.locator('attention-lens-overlay').count(), 1, 'a synthetic Escape does not close it');
  const box = await page.locator('attention-lens-overlay').boundingBox();
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const onTop = () => page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, centre);
  assert.equal(await onTop(), 'ATTENTION-LENS-OVERLAY', 'the overlay is above the late cover');
  // A modal dialog: the overlay goes back on top of the top layer (the page's dialog makes it inert, so the hit
  // test of the page sees the dialog); a real click inside the overlay's rectangle does not close it.
  await page.evaluate(() => document.getElementById('d').showModal());
  await page.waitForTimeout(300);
  const order = await page.evaluate(() => [...document.querySelectorAll(':modal, :popover-open')].map((e) => e.tagName));
  assert.deepEqual(order, ['DIALOG', 'ATTENTION-LENS-OVERLAY'], 'in the top layer with the dialog');
  await page.mouse.click(centre.x, box.y + box.height - 20);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('attention-lens-overlay').count(), 1, 'a click inside it does not close it');
  await page.screenshot({ path: join(SCREENSHOTS, 'reliability-covers.png') });
  await page.close();
});

test('12. the page cannot read the heat: no CSS.highlights entries, a closed layer', async () => {
  const page = await browser.context.newPage();
  await page.goto(site.url('/text.html'));
  await overlayOnA(page);
  await page.waitForFunction(() => !!document.querySelector('attention-lens-heat'));
  const seen = await page.evaluate(() => ({
    highlights: CSS.highlights.size,
    shadow: document.querySelector('attention-lens-heat').shadowRoot,
    children: document.querySelector('attention-lens-heat').childElementCount,
  }));
  assert.deepEqual(seen, { highlights: 0, shadow: null, children: 0 });
  await page.close();
});

test('10. reloading the extension leaves an open overlay with a clear message (runs last)', async () => {
  const page = await browser.context.newPage();
  await page.goto(site.url('/text.html'));
  await overlayOnA(page);
  const t0 = Date.now();
  await browser.worker.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
  let text = '';
  for (let i = 0; i < 80 && !/reloaded/i.test(text); i++) {
    await page.waitForTimeout(100);
    text = await shownText(page);
  }
  console.log(`# extension reload → message after ${Date.now() - t0} ms`);
  assert.match(text, /Attention Lens was reloaded/);
  await page.screenshot({ path: join(SCREENSHOTS, 'reliability-reloaded.png') });
});
