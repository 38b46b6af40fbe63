// Where the overlay opens and how it moves, in real Chromium with the built extension, on a page laid out like the
// Debian Reference (full-width text): in four viewports, for a selection at the top, in the middle, at the bottom
// and scrolled out of view, the overlay is fully inside the viewport and the first chart row is in sight without
// scrolling inside it. The title bar drags it (real mouse moves, also when the pointer leaves the frame), its edges
// and corner resize it, it stays inside the window when that shrinks, it reopens where it was left, "Reset
// position" forgets that, and docking reserves a column of the page that undocking gives back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, clickContextMenu, openTestPage, overlayFrame, selectElementText } from '../harness.mjs';

let browser, page, session;

before(async () => {
  session = await openTestPage('reference.html');
  ({ browser, page } = session);
});
after(() => session?.close());

const VIEWPORTS = [
  [800, 600],
  [1280, 800],
  [1366, 768],
  [1920, 1080],
];
/** Paragraph used for each position, and where it is scrolled to before it is selected. */
const POSITIONS = { top: 'top', middle: 'middle', bottom: 'bottom', 'scrolled-above': 'f3' };

const hostBox = () => page.locator('attention-lens-overlay').boundingBox();
const viewport = () => page.evaluate(() => ({ vw: document.documentElement.clientWidth, vh: document.documentElement.clientHeight }));
const geometry = () => browser.worker.evaluate(async () => (await chrome.storage.local.get('overlayGeometry')).overlayGeometry ?? null);

/** Scrolls paragraph `id` to `where`, selects it and opens the overlay from the context menu; returns its frame. */
async function openAt(id, where) {
  if (await page.locator('attention-lens-overlay').count()) await closeOverlay(); // left open by a failed step
  await page.evaluate(
    ({ id, where }) => {
      const el = document.getElementById(id);
      const r = el.getBoundingClientRect();
      const y = scrollY + r.top;
      const vh = document.documentElement.clientHeight;
      const target = { top: y - 24, middle: y - (vh - r.height) / 2, bottom: y + r.height - vh + 24, 'scrolled-above': y + r.height + 300 }[where];
      scrollTo({ top: target, behavior: 'instant' });
    },
    { id, where },
  );
  await selectElementText(page, id);
  await clickContextMenu(browser.worker, page, 'x');
  const frame = await overlayFrame(page, browser.extensionId);
  await frame.waitForSelector('[data-testid="heat-cell"]', { timeout: 60000 });
  // The host grows the overlay (once) when the frame reports that the chart needs it: let that settle.
  await page.waitForTimeout(150);
  return frame;
}

async function closeOverlay() {
  // The close button, clicked from inside the frame just after this returns (see overlay.test.mjs: an input event
  // whose frame is removed while it is handled can leave Playwright waiting). Esc is covered by overlay-focus.
  const frame = await overlayFrame(page, browser.extensionId, 3000).catch(() => null);
  if (frame) await frame.evaluate(() => void setTimeout(() => document.querySelector('[data-testid="close"]').click(), 30));
  else await page.keyboard.press('Escape'); // a message panel instead of the frame: Esc on the page closes it
  await page.waitForFunction(() => !document.querySelector('attention-lens-overlay'), null, { timeout: 10000 });
  // The closed overlay's frame can linger in page.frames() for a moment: wait until it is gone.
  const prefix = `chrome-extension://${browser.extensionId}/src/overlay/`;
  for (let i = 0; i < 500 && page.frames().some((f) => !f.isDetached() && f.url().startsWith(prefix)); i++) await page.waitForTimeout(20);
}

/**
 * After the overlay moved, headless Chromium can route the next input by its previous place for a moment (the
 * frame's hit-test region lags): let two frames pass, and click inside the frame until `done` holds.
 */
async function settle() {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(50);
}
async function clickUntil(locator, done, what) {
  for (let i = 0; i < 4; i++) {
    await settle();
    await locator.click();
    for (let t = 0; t < 20; t++) {
      if (await done()) return;
      await page.waitForTimeout(50);
    }
  }
  assert.fail(`clicking did not ${what}`);
}
const menuOpen = (frame) => async () => (await frame.locator('[data-testid="overlay-menu-panel"]').count()) > 0;
async function openMenu(frame) {
  if (!(await menuOpen(frame)())) await clickUntil(frame.locator('[data-testid="overlay-menu"]'), menuOpen(frame), 'open the menu');
}

/** The first heat cell's box in page (viewport) coordinates. */
async function firstCell(frame, host) {
  const cell = await frame
    .locator('[data-testid="heat-cell"]')
    .first()
    .evaluate((e) => e.getBoundingClientRect().toJSON());
  // The iframe sits inside the host's 1 px frame border.
  return { left: host.x + 1 + cell.left, top: host.y + 1 + cell.top, right: host.x + 1 + cell.right, bottom: host.y + 1 + cell.bottom };
}

const within = (inner, outer, slack = 0.5) =>
  inner.left >= outer.left - slack && inner.top >= outer.top - slack && inner.right <= outer.right + slack && inner.bottom <= outer.bottom + slack;

test('geometry matrix: inside the viewport, the first chart row in sight, the analysed text uncovered where the viewport allows', async () => {
  for (const [w, h] of VIEWPORTS) {
    await page.setViewportSize({ width: w, height: h });
    for (const [where, id] of Object.entries(POSITIONS)) {
      const frame = await openAt(id, where);
      const host = await hostBox();
      const { vw, vh } = await viewport();
      const box = { left: host.x, top: host.y, right: host.x + host.width, bottom: host.y + host.height };
      const label = `${w}×${h} ${where}`;
      if (process.env.AL_DEBUG) console.log('#', label, JSON.stringify(host));
      assert.ok(within(box, { left: 0, top: 0, right: vw, bottom: vh }), `${label}: overlay ${JSON.stringify(box)} inside ${vw}×${vh}`);
      assert.ok(host.width >= 440 && host.height >= 440, `${label}: overlay has a roomy size (${host.width}×${host.height})`);
      const cell = await firstCell(frame, host);
      assert.ok(within(cell, box), `${label}: first heat cell ${JSON.stringify(cell)} inside the overlay ${JSON.stringify(box)}`);
      assert.ok(within(cell, { left: 0, top: 0, right: vw, bottom: vh }), `${label}: first heat cell inside the viewport`);
      assert.equal(await frame.evaluate(() => document.querySelector('.lens-overlay-main').scrollTop), 0, `${label}: nothing scrolled inside the overlay`);
      if (where !== 'scrolled-above' && h >= 768) {
        // The analysed paragraph stays visible next to the overlay (the page scrolls a little when it must).
        const text = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().toJSON(), id);
        const covered = text.left < box.right && box.left < text.right && text.top < box.bottom && box.top < text.bottom;
        assert.ok(!covered, `${label}: the overlay ${JSON.stringify(box)} does not cover the analysed text ${JSON.stringify(text)}`);
        assert.ok(text.top >= 0 && text.bottom <= vh, `${label}: the analysed text is in view`);
      }
      if (where === 'middle') await page.screenshot({ path: join(SCREENSHOTS, `overlay-geometry-${w}x${h}.png`) });
      await closeOverlay();
    }
  }
  assert.equal(await geometry(), null, 'nothing remembered before the user moved anything');
});

test('drag by the title bar with real mouse moves (also outside the frame), clamped to the viewport; remembered', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await openAt('top', 'top');
  const start = await hostBox();
  await settle();
  const grab = { x: start.x + 110, y: start.y + 18 }; // on the title, not on a button
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(grab.x - 120, grab.y + 40, { steps: 6 });
  // One jump that leaves the frame far behind: the drag goes on.
  await page.mouse.move(grab.x - 420, grab.y + 90);
  await page.mouse.move(grab.x - 400, grab.y + 100, { steps: 2 });
  await page.mouse.up();
  const moved = await hostBox();
  const { vh } = await viewport();
  assert.ok(Math.abs(moved.x - (start.x - 400)) <= 1, `moved left with the pointer (${start.x} → ${moved.x})`);
  assert.ok(Math.abs(moved.y - Math.min(vh - start.height, start.y + 100)) <= 1, `moved down with the pointer (${start.y} → ${moved.y})`);
  assert.equal(moved.width, start.width);
  assert.equal(moved.height, start.height);

  // Far past the top-left corner: stops at the viewport's edges.
  await settle();
  const g2 = { x: moved.x + 110, y: moved.y + 18 };
  await page.mouse.move(g2.x, g2.y);
  await page.mouse.down();
  await page.mouse.move(1, 1, { steps: 6 });
  await page.mouse.up();
  const corner = await hostBox();
  assert.equal(corner.x, 0, 'clamped at the left edge');
  assert.equal(corner.y, 0, 'clamped at the top edge');
  await page.waitForTimeout(100);
  const saved = await geometry();
  assert.deepEqual(saved?.rect && { left: saved.rect.left, top: saved.rect.top }, { left: 0, top: 0 }, 'the position is remembered in storage.local');
  await closeOverlay();
});

test('resize from the corner and an edge stays inside the viewport; a window resize clamps; size and position come back', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await browser.worker.evaluate(() => chrome.storage.local.remove('overlayGeometry')); // placed beside the text again
  await openAt('top', 'top');
  let box = await hostBox();
  // Move it up and to the left first (a drag), so every edge has room.
  await page.mouse.move(box.x + 110, box.y + 18);
  await page.mouse.down();
  await page.mouse.move(box.x + 110 - 300, Math.max(box.y + 18 - 150, 40), { steps: 5 });
  await page.mouse.up();
  box = await hostBox();
  await settle();
  assert.ok(box.x + box.width < 1280 - 50 && box.y + box.height < 860 - 50, `room to grow (${JSON.stringify(box)})`);
  // The bottom-right corner: pulled far past the window's corner (the reported bottom at y = 1151 in 860).
  await page.mouse.move(box.x + box.width - 3, box.y + box.height - 3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 800, box.y + box.height + 600, { steps: 8 });
  await page.mouse.up();
  let r = await hostBox();
  let { vw, vh } = await viewport();
  assert.ok(r.x + r.width <= vw + 0.5 && r.y + r.height <= vh + 0.5, `the corner stops at the viewport (${JSON.stringify(r)} in ${vw}×${vh})`);
  assert.ok(r.width > box.width && r.height > box.height, 'it grew');
  assert.equal(r.x, box.x, 'the top-left corner stayed');
  // The left edge: 150 px wider to the left.
  await settle();
  const before = r;
  await page.mouse.move(before.x + 1, before.y + before.height / 2);
  await page.mouse.down();
  await page.mouse.move(before.x - 149, before.y + before.height / 2, { steps: 5 });
  await page.mouse.up();
  r = await hostBox();
  assert.ok(
    Math.abs(r.x - (before.x - 150)) <= 2 && Math.abs(r.width - (before.width + 150)) <= 2,
    `the left edge moved (${JSON.stringify(before)} → ${JSON.stringify(r)})`,
  );
  assert.equal(Math.round(r.x + r.width), Math.round(before.x + before.width), 'the right edge stayed');
  await page.screenshot({ path: join(SCREENSHOTS, 'overlay-resized.png') });

  // The window shrinks: the overlay moves (and shrinks only as much as it must) to stay inside.
  await page.setViewportSize({ width: 900, height: 600 });
  await page.waitForTimeout(150);
  ({ vw, vh } = await viewport());
  r = await hostBox();
  assert.ok(
    r.x >= 0 && r.y >= 0 && r.x + r.width <= vw + 0.5 && r.y + r.height <= vh + 0.5,
    `inside after the window shrank (${JSON.stringify(r)} in ${vw}×${vh})`,
  );
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.waitForTimeout(150);
  const left = await hostBox();
  await page.waitForTimeout(100);
  const saved = (await geometry())?.rect;
  assert.ok(saved, 'size and position remembered');
  await closeOverlay();

  // Reopened (another selection): where and as large as it was left.
  await openAt('f1', 'top');
  const again = await hostBox();
  assert.deepEqual(
    [again.x, again.y, again.width, again.height].map(Math.round),
    [saved.left, saved.top, saved.width, saved.height].map(Math.round),
    'reopens with the remembered position and size',
  );
  assert.ok(Math.abs(again.width - left.width) <= 1 || again.width >= 320);
  await closeOverlay();
});

test('"Reset position" forgets the remembered geometry and places the overlay beside the text again', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  const frame = await openAt('top', 'top');
  const custom = await hostBox();
  assert.ok((await geometry())?.rect, 'a remembered position from the earlier tests');
  await openMenu(frame);
  await page.screenshot({ path: join(SCREENSHOTS, 'overlay-menu.png') });
  await clickUntil(frame.locator('[data-testid="reset-position"]'), async () => (await geometry()) === null, 'reset the position');
  await page.waitForTimeout(150);
  const reset = await hostBox();
  assert.notDeepEqual([reset.x, reset.y, reset.width, reset.height], [custom.x, custom.y, custom.width, custom.height], 'moved back');
  const text = await page.evaluate(() => document.getElementById('top').getBoundingClientRect().toJSON());
  assert.ok(reset.y >= text.bottom, 'beside (below) the analysed text again');
  assert.equal(await geometry(), null, 'nothing remembered any more');
  assert.equal(await frame.locator('[data-testid="reset-position"]').count(), 0, 'the menu closed');
  await closeOverlay();
});

test('dock right reserves a column of the page (its content gets narrower); undock gives it back', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  const frame = await openAt('top', 'top');
  const contentWidth = () => page.evaluate(() => document.body.getBoundingClientRect().width);
  const widthBefore = await contentWidth();
  const marginOf = (side) => page.evaluate((side) => getComputedStyle(document.documentElement)[`margin${side}`], side);
  await openMenu(frame);
  await clickUntil(frame.locator('[data-testid="dock-right"]'), async () => (await marginOf('Right')) !== '0px', 'dock right');
  const docked = await hostBox();
  const { vw, vh } = await viewport();
  assert.equal(Math.round(docked.x + docked.width), vw, 'flush with the right edge');
  assert.equal(docked.y, 0);
  assert.equal(Math.round(docked.height), vh, 'full height');
  const widthDocked = await contentWidth();
  assert.ok(widthDocked <= widthBefore - docked.width + 1, `the page's content is narrower (${widthBefore} → ${widthDocked}, column ${docked.width})`);
  const text = await page.evaluate(() => document.getElementById('top').getBoundingClientRect().toJSON());
  assert.ok(text.right <= docked.x + 0.5, 'the page text no longer runs under the overlay');
  assert.equal((await geometry())?.dock, 'right', 'docking is remembered');
  await page.screenshot({ path: join(SCREENSHOTS, 'overlay-docked-right.png') });

  // Its inner edge resizes the column (the page reflows with it).
  await settle();
  await page.mouse.move(docked.x + 1, 400);
  await page.mouse.down();
  await page.mouse.move(docked.x - 99, 400, { steps: 4 });
  await page.mouse.up();
  const wider = await hostBox();
  assert.ok(Math.abs(wider.width - (docked.width + 100)) <= 2, `the column is 100 px wider (${docked.width} → ${wider.width})`);
  assert.ok(Math.abs((await contentWidth()) - (widthDocked - 100)) <= 2, 'the page gave up 100 px more');

  // Undock: the page gets its width back and the overlay floats again.
  await openMenu(frame);
  await clickUntil(frame.locator('[data-testid="undock"]'), async () => (await marginOf('Right')) === '0px', 'undock');
  assert.equal(await contentWidth(), widthBefore, 'the page content has its width back');
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('style') ?? ''), '', 'no style left on the page');
  const floating = await hostBox();
  assert.ok(floating.height < vh && floating.y > 0, 'floating again');

  // Docked, then closed: the page gets its column back too.
  await openMenu(frame);
  await clickUntil(frame.locator('[data-testid="dock-left"]'), async () => (await marginOf('Left')) !== '0px', 'dock left');
  await page.screenshot({ path: join(SCREENSHOTS, 'overlay-docked-left.png') });
  await closeOverlay();
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).marginLeft), '0px', 'closing releases the column');
  // Reopened: docked left again (remembered), then reset for whoever comes next.
  const f2 = await openAt('top', 'top');
  const reopened = await hostBox();
  assert.equal(reopened.x, 0, 'reopens docked left');
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.documentElement).marginLeft), '0px');
  await openMenu(f2);
  await clickUntil(f2.locator('[data-testid="reset-position"]'), async () => (await marginOf('Left')) === '0px', 'reset the position');
  await closeOverlay();
});
