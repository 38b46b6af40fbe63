// Reading with the Firefox build (the counterpart of tests/browser/specs/overlay-geometry, overlay and scratchpad):
// in firefox-esr over WebDriver BiDi, on a page laid out like the Debian Reference, the overlay (opened with the
// Alt+Shift+L command) paints the page's text without a further click, and the page's score tooltip shows the
// panel's value, also after a layer change; its title bar drags it and its corner resizes it with real pointer input,
// it reopens where and as large as it was left, docked right it takes a column of the page, and "Reset position"
// returns it beside the text. The popup's scratchpad analyses text typed with real keys (the tokens the tokenizer
// gives in Node), keeps the probe and brings it back on a click. With real keys Tab and Shift+Tab go round the
// overlay's controls without leaving it or scrolling the page, and Esc closes it and gives the focus back to the
// page element that had it (overlay-focus). Pinned, it keeps the Head view, layer 2 and head 3 alone across three
// follows, each showing the new paragraph's tokens (overlay: "pinned overlay follows a new selection").
// Firefox runs with --remote-allow-system-access for the command (tests/browser/firefox-bidi.mjs: runCommand).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findContext, launchFirefoxWithXpi, runCommand, shownText, waitForValue, type FirefoxSession } from '../browser/firefox-bidi.mjs';
import { expectedTokens } from '../browser/expected.mjs';
import { SCREENSHOTS, servePages } from '../browser/harness.mjs';

const VW = 1280;
const VH = 860;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface BidiNode {
  type: string;
  value?: { nodeType?: number; localName?: string; attributes?: Record<string, string>; children?: BidiNode[]; shadowRoot?: BidiNode | null };
}

let ff: FirefoxSession;
let server: Awaited<ReturnType<typeof servePages>>;
/** A tab holding one of the extension's pages: it opens the popup and reads storage.local. */
let helperCtx: string;
let pageCtx: string;
let pageTabId: number;
let overlayCtx: string;
/** The paragraph the open overlay analysed. */
let analysed = '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const waitFor = <T>(ctx: string, expression: string, what: string, timeoutMs?: number) => waitForValue<T>(ff, ctx, expression, what, { timeoutMs });

/** Polls `read` until `done` holds for its value; the last value otherwise (for the assertion to show). */
async function poll<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() - t0 > timeoutMs) return v;
    await sleep(100);
  }
}

const childContext = (root: string | undefined, urlPart: string) => findContext(ff, root, urlPart, { intervalMs: 100 });

const json = async <T>(ctx: string, expression: string): Promise<T> => JSON.parse(await ff.evaluate(ctx, `JSON.stringify(${expression})`)) as T;
const hostBox = () =>
  json<Box | null>(
    pageCtx,
    `(() => { const h = document.querySelector('attention-lens-overlay'); if (!h) return null;
  const r = h.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()`,
  );
const rectOf = (ctx: string, selector: string) =>
  json<{ left: number; top: number; right: number; bottom: number; width: number; height: number }>(
    ctx,
    `document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect().toJSON()`,
  );
const storedGeometry = async () =>
  JSON.parse(await ff.evaluate(helperCtx, `chrome.storage.local.get('overlayGeometry').then((g) => JSON.stringify(g.overlayGeometry ?? null))`)) as {
    rect?: { left: number; top: number; width: number; height: number };
    dock?: string | null;
  } | null;

/**
 * A real mouse gesture (WebDriver BiDi input, trusted events): press at `from`, move through `path`, release. BiDi
 * refuses a pointer outside the viewport: the path stops at its edges (as a mouse does at the screen's).
 */
async function drag(ctx: string, from: { x: number; y: number }, path: Array<{ x: number; y: number }>) {
  const r = (v: number) => Math.round(v);
  path = path.map((p) => ({ x: Math.min(Math.max(p.x, 0), VW - 1), y: Math.min(Math.max(p.y, 0), VH - 1) }));
  await ff.send('input.performActions', {
    context: ctx,
    actions: [
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x: r(from.x), y: r(from.y) },
          { type: 'pointerDown', button: 0 },
          ...path.map((p) => ({ type: 'pointerMove', x: r(p.x), y: r(p.y), duration: 60 })),
          { type: 'pointerUp', button: 0 },
        ],
      },
    ],
  });
  await ff.send('input.releaseActions', { context: ctx });
}
const steps = (from: { x: number; y: number }, to: { x: number; y: number }, n: number) =>
  Array.from({ length: n }, (_, k) => ({ x: from.x + ((to.x - from.x) * (k + 1)) / n, y: from.y + ((to.y - from.y) * (k + 1)) / n }));

/** A real click in the middle of an element of a browsing context (the overlay frame, the popup). */
async function realClick(ctx: string, selector: string) {
  const b = await rectOf(ctx, selector);
  const at = { x: b.left + b.width / 2, y: b.top + b.height / 2 };
  await drag(ctx, at, []);
}

/** Types `text` with real key presses into whatever has the focus in `ctx`. */
async function typeKeys(ctx: string, text: string) {
  const keys = [...text].flatMap((ch) => [
    { type: 'keyDown', value: ch },
    { type: 'keyUp', value: ch },
  ]);
  await ff.send('input.performActions', { context: ctx, actions: [{ type: 'key', id: 'keyboard', actions: keys }] });
}

const select = (id: string) =>
  ff.evaluate(
    pageCtx,
    `(() => { const el = document.getElementById('${id}'); el.scrollIntoView({ block: 'start' }); scrollBy(0, -24);
    const r = document.createRange(); r.selectNodeContents(el); const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; })()`,
  );

const TOKENS = `JSON.stringify([...document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.dataset.token))`;

/** Selects paragraph `id`, runs Alt+Shift+L's command and waits for the overlay's tokens of that paragraph. */
async function openOverlayOn(id: string) {
  analysed = id;
  await select(id);
  const text = (await ff.evaluate(pageCtx, `document.getElementById('${id}').textContent`)) as string;
  await ff.send('browsingContext.activate', { context: pageCtx });
  await runCommand(ff, 'show-overlay');
  overlayCtx = await childContext(pageCtx, '/src/overlay/overlay.html');
  const want = JSON.stringify(await expectedTokens(text));
  await waitFor(overlayCtx, `${TOKENS} === ${JSON.stringify(want)}`, `the overlay's tokens of #${id}`);
  // The frame tells the host where its title bar is (the grab strip) and how tall it wants to be: let that settle.
  await sleep(300);
  return text;
}

async function closeOverlay() {
  await ff.evaluate(overlayCtx, `(setTimeout(() => document.querySelector('[data-testid="close"]').click(), 30), true)`).catch(() => undefined);
  await waitFor(pageCtx, `!document.querySelector('attention-lens-overlay')`, 'the overlay to close', 10_000);
}

async function openMenu() {
  if (await ff.evaluate(overlayCtx, `!!document.querySelector('[data-testid="overlay-menu-panel"]')`)) return;
  await realClick(overlayCtx, '[data-testid="overlay-menu"]');
  await waitFor(overlayCtx, `!!document.querySelector('[data-testid="overlay-menu-panel"]')`, 'the More menu', 5000);
}

/** The serialised closed shadow tree of the first element matching `selector` (BiDi includeShadowTree: 'all'). */
async function shadowTree(ctx: string, selector: string): Promise<BidiNode | null> {
  const r = await ff.send('script.evaluate', {
    expression: `document.querySelector(${JSON.stringify(selector)})`,
    target: { context: ctx },
    awaitPromise: false,
    resultOwnership: 'none',
    serializationOptions: { maxDomDepth: 6, includeShadowTree: 'all' },
  });
  return r.result?.type === 'node' ? (r.result as BidiNode) : null;
}
function countClass(node: BidiNode | null | undefined, cls: string): number {
  if (!node || node.type !== 'node') return 0;
  const v = node.value ?? {};
  const own = (v.attributes?.class ?? '').split(/\s+/).includes(cls) ? 1 : 0;
  return own + countClass(v.shadowRoot ?? undefined, cls) + (v.children ?? []).reduce((n, c) => n + countClass(c, cls), 0);
}

const screenshot = async (ctx: string, name: string) =>
  writeFileSync(join(SCREENSHOTS, name), Buffer.from((await ff.send('browsingContext.captureScreenshot', { context: ctx })).data, 'base64'));

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await servePages();
  ({ ff, helperCtx, pageCtx, pageTabId } = await launchFirefoxWithXpi({
    systemAccess: true,
    helperUrl: server.url('demo.html'),
    pageUrl: server.url('reference.html'),
    viewport: { width: VW, height: VH },
  }));
});

afterAll(async () => {
  await ff?.close();
  await server?.close();
});

it("Firefox: the page heat shows after the overlay's analysis with no further click; the score tooltip equals the panel, also after a layer change", async () => {
  const text = await openOverlayOn('top');
  const words = text.split(/\s+/).length;
  // Painted over the page's own text without a click: one box per token (well over one per word minus punctuation).
  const boxes = await poll(
    async () => countClass(await shadowTree(pageCtx, 'attention-lens-heat'), 'box'),
    (n) => n >= words,
  );
  expect(boxes, 'heat boxes over the analysed paragraph').toBeGreaterThanOrEqual(words);
  await screenshot(pageCtx, 'firefox-reading-overlay-heat.png');

  // A real pointer over "learning" (the 4th word) shows its score, the panel's value for the same token.
  const at = await json<{ x: number; y: number }>(
    pageCtx,
    `(() => { const t = document.getElementById('top').firstChild; const i = t.data.indexOf('learning');
    const r = document.createRange(); r.setStart(t, i + 1); r.setEnd(t, i + 7); const b = r.getBoundingClientRect(); return { x: b.left + b.width / 2, y: b.top + b.height / 2 }; })()`,
  );
  await ff.send('input.performActions', {
    context: pageCtx,
    actions: [
      { type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: Math.round(at.x), y: Math.round(at.y) }] },
    ],
  });
  await waitFor(pageCtx, `getComputedStyle(document.querySelector('attention-lens-score')).display === 'block'`, 'the score tooltip', 10_000);
  const tip = () => shownText(ff, pageCtx, 'attention-lens-score');
  const first = await tip();
  expect(first).toMatch(/learning/);
  const idx = Number(/·(\d+)/.exec(first)?.[1]);
  expect(Number.isInteger(idx), `token index in "${first}"`).toBe(true);
  const cellScore = () =>
    ff.evaluate(overlayCtx, `Number(document.querySelector('[data-testid="heat-cell"][data-index="${idx}"]').dataset.score).toFixed(3)`) as Promise<string>;
  const lastWord = (s: string) => s.trim().split(/\s+/).pop();
  expect(lastWord(first), `tooltip "${first}" = the panel's score`).toBe(await cellScore());

  // Another layer with the keyboard in the panel (real keys on the focused layer menu).
  const layerBefore = (await ff.evaluate(overlayCtx, `document.querySelector('[data-testid="layer-select"]').value`)) as string;
  await ff.evaluate(overlayCtx, `(document.querySelector('[data-testid="layer-select"]').focus(), true)`);
  const key = layerBefore === '0' ? '\uE015' : '\uE013'; // ArrowDown : ArrowUp
  await ff.send('input.performActions', {
    context: overlayCtx,
    actions: [
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value: key },
          { type: 'keyUp', value: key },
        ],
      },
    ],
  });
  await waitFor(overlayCtx, `document.querySelector('[data-testid="layer-select"]').value !== ${JSON.stringify(layerBefore)}`, 'the layer to change', 5000);
  const want = await poll(cellScore, (s) => s !== lastWord(first), 5000);
  const after = await poll(tip, (s) => lastWord(s) === want, 5000);
  console.log(`# tooltip: "${first}" → after the layer change "${after}" (panel ${want})`);
  expect(lastWord(after), "after the layer change the tooltip shows the new layer's score").toBe(want);
  expect(await ff.evaluate(overlayCtx, `document.querySelector('[data-testid="layer-select"]').value`)).not.toBe(layerBefore);
  await closeOverlay();
});

it('Firefox: the title bar drags the overlay and its corner resizes it (real pointer), inside the viewport; it reopens where and as large as it was left', async () => {
  await ff.evaluate(helperCtx, `chrome.storage.local.remove('overlayGeometry').then(() => true)`);
  await openOverlayOn('top');
  const start = (await hostBox())!;
  expect(start.width).toBeGreaterThan(300);
  // The title bar (not a button): 300 px left, 60 px up (or as far as the viewport allows).
  const grab = { x: start.x + 110, y: start.y + 18 };
  const to = { x: grab.x - 300, y: Math.max(grab.y - 60, 40) };
  await drag(pageCtx, grab, steps(grab, to, 6));
  const moved = await poll(hostBox, (b) => !!b && b.x !== start.x);
  expect(moved, 'the overlay is still open').not.toBeNull();
  expect(Math.abs(moved!.x - (start.x - 300)), `moved left with the pointer (${start.x} → ${moved!.x})`).toBeLessThanOrEqual(1);
  expect(Math.abs(moved!.y - (start.y + (to.y - grab.y))), `moved up with the pointer (${start.y} → ${moved!.y})`).toBeLessThanOrEqual(1);
  expect([moved!.width, moved!.height]).toEqual([start.width, start.height]);

  // The bottom-right corner, pulled to the window's corner (and past: the path is cut at the viewport): it grows and stops there.
  const corner = { x: moved!.x + moved!.width - 3, y: moved!.y + moved!.height - 3 };
  await drag(pageCtx, corner, steps(corner, { x: corner.x + 800, y: corner.y + 600 }, 8));
  const grown = (await poll(hostBox, (b) => !!b && b.width > moved!.width))!;
  const vp = await json<{ vw: number; vh: number }>(pageCtx, `({ vw: document.documentElement.clientWidth, vh: document.documentElement.clientHeight })`);
  console.log(`# overlay ${JSON.stringify(start)} → dragged ${JSON.stringify(moved)} → resized ${JSON.stringify(grown)} in ${vp.vw}×${vp.vh}`);
  expect(grown.width, 'wider').toBeGreaterThan(moved!.width);
  expect(grown.height, 'taller').toBeGreaterThan(moved!.height);
  expect([grown.x, grown.y], 'the top-left corner stayed').toEqual([moved!.x, moved!.y]);
  expect(grown.x + grown.width, 'inside the viewport (right)').toBeLessThanOrEqual(vp.vw + 0.5);
  expect(grown.y + grown.height, 'inside the viewport (bottom)').toBeLessThanOrEqual(vp.vh + 0.5);
  await screenshot(pageCtx, 'firefox-reading-overlay-resized.png');
  // Closed and reopened as it was left: flush with the viewport's bottom edge (it came back 12 px higher before the
  // host measured the viewport ahead of joining the page).
  const left = grown;
  const saved = (await poll(storedGeometry, (g) => Math.round(g?.rect?.top ?? -1) === Math.round(left.y)))?.rect;
  expect(saved, 'size and position in storage.local').toBeTruthy();
  expect([saved!.left, saved!.top, saved!.width, saved!.height].map(Math.round), 'size and position in storage.local').toEqual(
    [left.x, left.y, left.width, left.height].map(Math.round),
  );
  await closeOverlay();

  // Reopened on another paragraph: where and as large as it was left.
  await openOverlayOn('f1');
  const again = (await hostBox())!;
  expect([again.x, again.y, again.width, again.height].map(Math.round), 'reopens with the remembered position and size').toEqual(
    [left.x, left.y, left.width, left.height].map(Math.round),
  );
});

it('Firefox: docked right the overlay takes a column of the page (its text no longer runs under it); "Reset position" puts it back beside the text', async () => {
  const marginRight = () => ff.evaluate(pageCtx, `getComputedStyle(document.documentElement).marginRight`) as Promise<string>;
  const floating = (await hostBox())!;
  expect(await marginRight()).toBe('0px');
  const textBefore = await rectOf(pageCtx, `#${analysed}`);
  await openMenu();
  await realClick(overlayCtx, '[data-testid="dock-right"]');
  await waitFor(pageCtx, `getComputedStyle(document.documentElement).marginRight !== '0px'`, 'the page to give up a column', 5000);
  const docked = (await poll(hostBox, (b) => !!b && b.height >= VH - 1))!;
  const vp = await json<{ vw: number; vh: number }>(pageCtx, `({ vw: document.documentElement.clientWidth, vh: document.documentElement.clientHeight })`);
  expect(Math.round(docked.x + docked.width), 'flush with the right edge').toBe(vp.vw);
  expect(docked.y).toBe(0);
  expect(Math.round(docked.height), 'full height').toBe(vp.vh);
  // The page reflows into the rest: every paragraph ends left of the overlay.
  const textDocked = await rectOf(pageCtx, `#${analysed}`);
  expect(textDocked.right, `the text (${textBefore.right} → ${textDocked.right}) no longer runs under the overlay at ${docked.x}`).toBeLessThanOrEqual(
    docked.x + 0.5,
  );
  expect(textDocked.width).toBeLessThan(textBefore.width);
  const under = (await ff.evaluate(
    pageCtx,
    `[...document.querySelectorAll('body p')].filter((p) => p.getBoundingClientRect().right > ${docked.x} + 0.5).length`,
  )) as number;
  expect(under, 'no paragraph under the docked overlay').toBe(0);
  expect((await poll(storedGeometry, (g) => g?.dock === 'right'))?.dock, 'docking is remembered').toBe('right');
  await screenshot(pageCtx, 'firefox-reading-overlay-docked.png');

  // "Reset position" (More menu): floating again beside the text, the page's column given back, nothing remembered.
  await openMenu();
  await realClick(overlayCtx, '[data-testid="reset-position"]');
  await waitFor(pageCtx, `getComputedStyle(document.documentElement).marginRight === '0px'`, 'the page to get its column back', 5000);
  expect(await poll(storedGeometry, (g) => g === null)).toBeNull();
  const reset = (await hostBox())!;
  expect(reset.height, 'floating, not full height').toBeLessThan(vp.vh);
  expect([reset.x, reset.y, reset.width, reset.height], 'not where the user had put it').not.toEqual([floating.x, floating.y, floating.width, floating.height]);
  const text = await rectOf(pageCtx, `#${analysed}`);
  const covered = text.left < reset.x + reset.width && reset.x < text.right && text.top < reset.y + reset.height && reset.y < text.bottom;
  expect(covered, `beside the analysed text again (${JSON.stringify(reset)} vs ${JSON.stringify(text)})`).toBe(false);
  expect(await ff.evaluate(pageCtx, `document.documentElement.getAttribute('style') ?? ''`), 'no style left on the page').toBe('');
  await closeOverlay();
});

const KEY = { tab: '\uE004', shift: '\uE008', esc: '\uE00C', up: '\uE013', down: '\uE015' };
/** One real key press (with Shift held when asked), sent to the tab as a keyboard would: to whatever has the focus. */
const press = (key: string, shift = false) =>
  ff.send('input.performActions', {
    context: pageCtx,
    actions: [
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          ...(shift ? [{ type: 'keyDown', value: KEY.shift }] : []),
          { type: 'keyDown', value: key },
          { type: 'keyUp', value: key },
          ...(shift ? [{ type: 'keyUp', value: KEY.shift }] : []),
        ],
      },
    ],
  });

/** Where the keyboard focus is: in the page (the overlay's host while it is inside the overlay) and in the overlay frame. */
async function focusState() {
  const pageActive = (await ff.evaluate(pageCtx, `document.activeElement?.id || document.activeElement?.localName || null`)) as string | null;
  const frame = await json<{ has: boolean; el: string | null; control: boolean }>(
    overlayCtx,
    `(() => { const a = document.activeElement;
    return { has: document.hasFocus(), el: a === document.body ? 'body' : a?.getAttribute('data-testid') ?? a?.getAttribute('role') ?? a?.localName ?? null,
      control: !!a && a !== document.body && !a.hasAttribute('data-focus-guard') && !!document.getElementById('app')?.contains(a) }; })()`,
  );
  return { pageActive, ...frame };
}

it("Firefox: Tab ×40 and Shift+Tab ×12 (real keys) keep the focus on the overlay's controls without scrolling the page; Esc closes it and gives the focus back", async () => {
  await ff.send('browsingContext.activate', { context: pageCtx });
  await select('top');
  await ff.evaluate(pageCtx, `(document.getElementById('page-button').focus(), true)`);
  expect(await ff.evaluate(pageCtx, `document.activeElement?.id`), 'the page button has the focus').toBe('page-button');
  await runCommand(ff, 'show-overlay');
  overlayCtx = await childContext(pageCtx, '/src/overlay/overlay.html');
  const text = (await ff.evaluate(pageCtx, `document.getElementById('top').textContent`)) as string;
  await waitFor(overlayCtx, `${TOKENS} === ${JSON.stringify(JSON.stringify(await expectedTokens(text)))}`, "the overlay's tokens of #top");
  analysed = 'top';
  // Focus moves into the overlay when it opens: its first control has it.
  const first = await poll(focusState, (s) => s.has && s.control, 5000);
  expect(first.pageActive, 'the page sees the focus in the overlay').toBe('attention-lens-overlay');
  expect(first.el, 'the first control of the overlay has the focus').toBe('overlay-menu');
  const root = await ff.evaluate(overlayCtx, `!!document.getElementById('app')`);
  expect(root, 'the overlay UI root').toBe(true);
  const scrollY = await ff.evaluate(pageCtx, `scrollY`);

  // (A control of the views that re-renders under the focus can leave it on the frame's <body> for one step: the
  // focus is still in the overlay and the next Tab goes on from there; Chromium's spec allows the same.)
  const seen: string[] = [];
  const t0 = Date.now();
  for (let i = 0; i < 40; i++) {
    await press(KEY.tab);
    const s = await focusState();
    seen.push(String(s.el));
    expect(s.pageActive, `Tab ${i + 1}: the focus stayed in the overlay`).toBe('attention-lens-overlay');
    expect(s.has, `Tab ${i + 1}: the overlay's document has the focus (${s.el})`).toBe(true);
    expect(s.control || s.el === 'body', `Tab ${i + 1}: on a control of the overlay (${s.el})`).toBe(true);
    expect(await ff.evaluate(pageCtx, `scrollY`), `Tab ${i + 1}: the page did not scroll`).toBe(scrollY);
  }
  console.log(`# Tab ×40 (${Date.now() - t0} ms): ${seen.join(' → ')}`);
  expect(seen.filter((e) => e === 'body').length, `the focus is on controls (${seen.join(', ')})`).toBeLessThanOrEqual(3);
  expect(
    seen.includes('close') && seen.lastIndexOf('overlay-menu') > 0,
    `Tab went round the whole overlay and back to its first control (${seen.join(', ')})`,
  ).toBe(true);
  const back: string[] = [];
  for (let i = 0; i < 12; i++) {
    await press(KEY.tab, true);
    const s = await focusState();
    back.push(String(s.el));
    expect(s.pageActive, `Shift+Tab ${i + 1}: the focus stayed in the overlay`).toBe('attention-lens-overlay');
    expect(s.has, `Shift+Tab ${i + 1}: the overlay's document has the focus (${s.el})`).toBe(true);
    expect(s.control || s.el === 'body', `Shift+Tab ${i + 1}: on a control of the overlay (${s.el})`).toBe(true);
  }
  console.log(`# Shift+Tab ×12: ${back.join(' → ')}`);
  expect(back.filter((e) => e === 'body').length, `Shift+Tab: the focus is on controls (${back.join(', ')})`).toBeLessThanOrEqual(2);
  expect(await ff.evaluate(pageCtx, `scrollY`), 'the page did not scroll').toBe(scrollY);

  // Esc (a real key, the focus inside the overlay) closes it; the page button has the focus again.
  await press(KEY.esc);
  await waitFor(pageCtx, `!document.querySelector('attention-lens-overlay')`, 'Esc to close the overlay', 10_000);
  await waitFor(pageCtx, `document.activeElement?.id === 'page-button'`, 'the focus back on the page button', 5000).catch(() => undefined);
  expect(await ff.evaluate(pageCtx, `document.activeElement?.id`), 'the focus went back to the page element that had it').toBe('page-button');
  expect(await ff.evaluate(pageCtx, `document.hasFocus()`), 'the page has the keyboard focus').toBe(true);
});

it("Firefox: a pinned overlay keeps the Head view, layer 2 and head 3 alone across three follows, each showing the new paragraph's tokens", async () => {
  await openOverlayOn('top');
  await realClick(overlayCtx, '[data-testid="pin"]');
  await waitFor(overlayCtx, `!!document.querySelector('[data-testid="pinned-note"]')`, 'the pinned note', 5000);
  // The reader's choice, with real input: the Head view tab (a click), layer 2 (arrow keys on the layer menu), head 3 alone (a click).
  await ff.evaluate(overlayCtx, `([...document.querySelectorAll('[role="tab"]')].find((e) => /head view/i.test(e.textContent)).dataset.alHead = '1', true)`);
  await realClick(overlayCtx, '[data-al-head]');
  // (By its name: a follow renders the tabs anew, without the mark the click used.)
  const HEAD_TAB = `[...document.querySelectorAll('[role="tab"]')].find((e) => /head view/i.test(e.textContent))?.getAttribute('aria-selected') === 'true'`;
  await waitFor(overlayCtx, `${HEAD_TAB} && !!document.querySelector('[data-testid="attn-line"]')`, 'the Head view', 10_000);
  const LAYER = `document.querySelector('[data-testid="layer-select"]').value`;
  await ff.evaluate(overlayCtx, `(document.querySelector('[data-testid="layer-select"]').focus(), true)`);
  for (let i = 0; i < 16 && (await ff.evaluate(overlayCtx, LAYER)) !== '1'; i++) {
    const v = Number(await ff.evaluate(overlayCtx, LAYER));
    await press(v > 1 ? KEY.up : KEY.down);
    await poll(
      () => ff.evaluate(overlayCtx, LAYER),
      (x) => Number(x) !== v,
      3000,
    );
  }
  expect(await ff.evaluate(overlayCtx, LAYER), 'layer 2 chosen').toBe('1');
  await realClick(overlayCtx, '[data-testid="head-swatch"][data-head="2"]');
  const PRESSED = `JSON.stringify([...document.querySelectorAll('[data-testid="head-swatch"]')].map((e) => e.getAttribute('aria-pressed')))`;
  const alone = JSON.stringify(['false', 'false', 'true', 'false']);
  await waitFor(overlayCtx, `${PRESSED} === ${JSON.stringify(alone)}`, 'head 3 alone', 5000);
  const FROM = `JSON.stringify([...document.querySelectorAll('[data-testid="head-token"][data-side="from"]')].map((e) => e.firstChild?.textContent))`;

  // Three follows: each shows the new selection's tokens in the kept view (same tab, layer and head).
  for (const id of ['f2', 'f5', 'f9']) {
    const t0 = Date.now();
    await select(id);
    analysed = id;
    const text = (await ff.evaluate(pageCtx, `document.getElementById('${id}').textContent`)) as string;
    const want = JSON.stringify(await expectedTokens(text));
    await waitFor(overlayCtx, `${FROM} === ${JSON.stringify(want)}`, `the Head view's tokens of #${id}`);
    console.log(`# pinned follow to #${id}: its tokens in the Head view after ${Date.now() - t0} ms`);
    expect(await ff.evaluate(overlayCtx, HEAD_TAB), `${id}: still on the Head view`).toBe(true);
    expect(await ff.evaluate(overlayCtx, LAYER), `${id}: still layer 2`).toBe('1');
    expect(JSON.parse(await ff.evaluate(overlayCtx, PRESSED)), `${id}: still head 3 alone`).toEqual(JSON.parse(alone));
    expect(await ff.evaluate(overlayCtx, `!!document.querySelector('[data-testid="pinned-note"]')`), `${id}: still pinned`).toBe(true);
    if (id === 'f5') await screenshot(pageCtx, 'firefox-reading-pinned-follow.png');
  }
  await closeOverlay();
  expect(await ff.evaluate(pageCtx, `!!document.querySelector('attention-lens-heat')`), 'no heat left behind').toBe(false);
  await ff.evaluate(helperCtx, `chrome.storage.local.remove('viewState').then(() => true)`);
});

it("Firefox: the popup's scratchpad analyses text typed with real keys (the tokenizer's tokens), keeps the probe, and a click on it brings it back", async () => {
  await ff.evaluate(helperCtx, `chrome.storage.local.remove('scratchpad:history').then(() => true)`);
  await ff.evaluate(pageCtx, `(getSelection().removeAllRanges(), true)`);
  await ff.evaluate(helperCtx, `chrome.tabs.create({ url: chrome.runtime.getURL('src/popup/popup.html?tab=${pageTabId}') }).then(() => true)`);
  const popup = await childContext(undefined, '/src/popup/popup.html');
  await ff.send('browsingContext.setViewport', { context: popup, viewport: { width: 780, height: 600 } });
  await waitFor(popup, `[...document.querySelectorAll('[role="tab"]')].some((e) => /Scratchpad/.test(e.textContent))`, 'the popup tabs');
  await ff.evaluate(popup, `([...document.querySelectorAll('[role="tab"]')].find((e) => /Scratchpad/.test(e.textContent)).dataset.alScratch = '1', true)`);
  await realClick(popup, '[data-al-scratch]');
  await waitFor(popup, `document.activeElement?.dataset.testid === 'scratchpad-input'`, 'the focused scratchpad box', 10_000);

  const scratchTokens = `JSON.stringify([...document.querySelectorAll('[data-testid="scratchpad"] [data-testid="heat-cell"]')].map((e) => e.dataset.token))`;
  const waitTokens = async (text: string) => {
    const want = JSON.stringify(await expectedTokens(text));
    await waitFor(popup, `${scratchTokens} === ${JSON.stringify(want)}`, `the scratchpad's tokens of "${text}"`);
    return JSON.parse(want) as string[];
  };
  const first = 'The cat sat on the mat because it was warm.';
  const t0 = Date.now();
  await typeKeys(popup, first);
  expect(await ff.evaluate(popup, `document.querySelector('[data-testid="scratchpad-input"]').value`)).toBe(first);
  const tokens = await waitTokens(first);
  console.log(`# scratchpad: typed and analysed in ${Date.now() - t0} ms: ${tokens.join(' ')}`);
  expect(tokens.slice(1, 4)).toEqual(['the', 'cat', 'sat']);
  expect(await ff.evaluate(popup, `document.querySelector('[data-testid="scratchpad-status"]').textContent`)).toMatch(/Analysed in \d+ ms/);
  await screenshot(popup, 'firefox-reading-scratchpad.png');

  // A second probe replaces the box's text (select all, type): the history keeps both, newest first.
  const second = 'Seven ships sailed down the river at night.';
  const CTRL = '\uE009';
  await ff.send('input.performActions', {
    context: popup,
    actions: [
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value: CTRL },
          { type: 'keyDown', value: 'a' },
          { type: 'keyUp', value: 'a' },
          { type: 'keyUp', value: CTRL },
        ],
      },
    ],
  });
  await typeKeys(popup, second);
  await waitTokens(second);
  const history = `JSON.stringify([...document.querySelectorAll('[data-testid="history-reuse"]')].map((e) => e.textContent))`;
  await waitFor(popup, `${history} === ${JSON.stringify(JSON.stringify([second, first]))}`, 'both probes in the history', 10_000);
  const stored = JSON.parse(
    await ff.evaluate(
      helperCtx,
      `chrome.storage.local.get('scratchpad:history').then((h) => JSON.stringify((h['scratchpad:history'] ?? []).map((p) => p.text)))`,
    ),
  ) as string[];
  expect(stored, 'kept in storage.local').toEqual([second, first]);

  // A click on the older probe puts it back into the box and analyses it.
  if (!(await ff.evaluate(popup, `document.querySelector('[data-testid="scratchpad-history"]').open`)))
    await realClick(popup, '[data-testid="scratchpad-history"] summary');
  await waitFor(popup, `document.querySelector('[data-testid="scratchpad-history"]').open`, 'the history list', 5000);
  await ff.evaluate(
    popup,
    `([...document.querySelectorAll('[data-testid="history-reuse"]')].find((e) => e.textContent === ${JSON.stringify(first)}).dataset.alReuse = '1', true)`,
  );
  await realClick(popup, '[data-al-reuse]');
  await waitFor(popup, `document.querySelector('[data-testid="scratchpad-input"]').value === ${JSON.stringify(first)}`, 'the probe back in the box', 5000);
  await waitTokens(first);
  await waitFor(popup, `JSON.parse(${history})[0] === ${JSON.stringify(first)}`, 'the reused probe first in the history', 5000);
  expect(JSON.parse(await ff.evaluate(popup, history))).toEqual([first, second]);
});
