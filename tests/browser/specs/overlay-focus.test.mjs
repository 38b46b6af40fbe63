// Keyboard focus and the page heat, in real Chromium with the built extension: the overlay takes the focus when it
// opens (its first control), Tab and Shift+Tab stay inside it without scrolling the page, Esc closes it and gives
// the focus back to the page element that had it; after a context-menu analysis the page's own text shows the
// heat without any further click (the page's selection is collapsed, the analysed text underlined). Light and
// dark screenshots of the overlay chrome.
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

const OVERLAY_PREFIX = () => `chrome-extension://${browser.extensionId}/src/overlay/`;

async function open(id) {
  if (await page.locator('attention-lens-overlay').count()) {
    // left open by a failed step
    await page.evaluate(() => document.body.click());
    await page.mouse.click(2, 500);
    await waitClosed();
  }
  await selectElementText(page, id);
  await clickContextMenu(browser.worker, page, 'x');
  const frame = await overlayFrame(page, browser.extensionId);
  await frame.waitForSelector('[data-testid="heat-cell"]', { timeout: 60000 });
  return frame;
}

async function waitClosed() {
  await page.waitForFunction(() => !document.querySelector('attention-lens-overlay'), null, { timeout: 10000 });
  for (let i = 0; i < 500 && page.frames().some((f) => !f.isDetached() && f.url().startsWith(OVERLAY_PREFIX())); i++) await page.waitForTimeout(20);
}

/** What has the keyboard focus: in the page (the overlay's host when the focus is inside the overlay) and in the frame. */
async function focusState(frame) {
  const pageActive = await page.evaluate(() => document.activeElement?.localName ?? null);
  const inFrame = await frame.evaluate(() => ({
    has: document.hasFocus(),
    el: document.activeElement === document.body ? 'body' : (document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.localName ?? null),
  }));
  return { pageActive, ...inFrame };
}

/** Share of clearly coloured pixels (not grey: text, white page) in a rectangle of a page screenshot. */
async function colouredShare(clip) {
  const png = await page.screenshot({ clip });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 40) coloured++;
    return coloured / (d.length / 4);
  }, png.toString('base64'));
}

test('the overlay takes the focus; Tab ×60 (round it more than once) and Shift+Tab ×12 stay inside without scrolling the page; Esc gives the focus back', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.evaluate(() => scrollTo({ top: 0, behavior: 'instant' }));
  await page.focus('#page-button');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-button');
  const frame = await open('top');
  // Focus moves into the overlay when it opens: its first control has it.
  await frame.waitForFunction(() => document.hasFocus() && document.activeElement !== document.body, null, { timeout: 5000 });
  const first = await focusState(frame);
  assert.equal(first.pageActive, 'attention-lens-overlay', 'the page sees the focus in the overlay');
  assert.equal(first.el, 'overlay-menu', 'the first control of the overlay has the focus');
  const scrollY = await page.evaluate(() => scrollY);

  // (A control of the views that re-renders under the focus can leave it on the frame's <body> for one step: the
  // focus is still in the overlay and the next Tab goes on from there.)
  const seen = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const s = await focusState(frame);
    assert.equal(s.pageActive, 'attention-lens-overlay', `Tab ${i + 1}: the focus stayed in the overlay`);
    assert.ok(s.has, `Tab ${i + 1}: the overlay's document has the focus (${s.el})`);
    seen.push(s.el);
    assert.equal(await page.evaluate(() => scrollY), scrollY, `Tab ${i + 1}: the page did not scroll`);
  }
  assert.ok(seen.filter((e) => e === 'body').length <= 4, `the focus is on controls (${seen.join(', ')})`);
  assert.ok(
    seen.includes('close') && seen.lastIndexOf('overlay-menu') > 0,
    `Tab went round the whole overlay and back to its first control (${seen.join(', ')})`,
  );
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Shift+Tab');
    const s = await focusState(frame);
    assert.equal(s.pageActive, 'attention-lens-overlay', `Shift+Tab ${i + 1}: the focus stayed in the overlay`);
    assert.ok(s.has, `Shift+Tab ${i + 1}: the overlay's document has the focus`);
  }
  assert.equal(await page.evaluate(() => scrollY), scrollY, 'the page did not scroll');

  // Esc (pressed inside the overlay) closes it and the page element that had the focus has it again.
  await page.keyboard.press('Escape');
  await waitClosed();
  await page.waitForFunction(() => document.activeElement?.id === 'page-button', null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-button', 'focus returned to the previously focused page element');
});

test('the pair label is not clipped, and the menu stays inside the overlay', async () => {
  const frame = await open('f1'); // two sentences: a pair can be chosen
  await frame.locator('[data-testid="overlay-menu"]').click();
  const label = frame.locator('.lens-menu-panel .lens-pair-label');
  await label.waitFor();
  await page.waitForTimeout(100);
  const fit = await label.evaluate((e) => {
    const r = e.getBoundingClientRect();
    const text = document.createRange();
    text.selectNodeContents(e);
    const t = text.getBoundingClientRect();
    const panel = e.closest('.lens-menu-panel').getBoundingClientRect();
    return {
      text: e.textContent,
      overflow: e.scrollWidth - e.clientWidth,
      inside: t.left >= r.left - 1 && t.right <= r.right + 1 && r.right <= panel.right,
      width: t.width,
    };
  });
  assert.equal(fit.text, 'Sentence pair');
  assert.ok(fit.overflow <= 1 && fit.inside && fit.width > 40, `the "Sentence pair" label shows in full (${JSON.stringify(fit)})`);
  const panel = await frame.locator('[data-testid="overlay-menu-panel"]').evaluate((e) => e.getBoundingClientRect().toJSON());
  const vw = await frame.evaluate(() => innerWidth);
  assert.ok(panel.left >= 0 && panel.right <= vw, `the menu fits the overlay (${panel.left}–${panel.right} of ${vw})`);
  // Esc closes the menu first, not the overlay.
  await page.keyboard.press('Escape');
  await frame.locator('[data-testid="overlay-menu-panel"]').waitFor({ state: 'detached' });
  assert.equal(await page.locator('attention-lens-overlay').count(), 1, 'the overlay is still open');
  await page.keyboard.press('Escape');
  await waitClosed();
});

test('page heat is visible after a context-menu analysis without any further click', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.evaluate(() => scrollTo({ top: 0, behavior: 'instant' }));
  await page.focus('#page-button');
  const rectOf = (id) => page.evaluate((id) => document.getElementById(id).getBoundingClientRect().toJSON(), id);
  const before = await rectOf('top');
  const clipOf = (r) => ({ x: Math.max(0, r.left), y: Math.max(0, r.top), width: Math.min(1280, r.right) - Math.max(0, r.left), height: r.bottom - r.top });
  const plain = await colouredShare(clipOf(before));
  assert.ok(plain < 0.01, `the paragraph is plain text before (${plain})`);

  await open('top');
  await page.waitForFunction(() => !!document.querySelector('attention-lens-heat'));
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => getSelection().isCollapsed), true, "the page's selection is collapsed (its paint no longer covers the heat)");
  const r = await rectOf('top');
  const host = await page.locator('attention-lens-overlay').boundingBox();
  assert.ok(host.y >= r.bottom || host.x >= r.right, 'the overlay does not cover the analysed paragraph');
  const heat = await colouredShare(clipOf(r));
  assert.ok(heat > 0.2, `the paragraph's tokens are coloured on the page (${(heat * 100).toFixed(1)} % coloured pixels)`);
  // A paragraph that was not analysed stays plain.
  const other = await colouredShare(clipOf(await rectOf('f2')));
  assert.ok(other < 0.01, `an unanalysed paragraph stays plain (${other})`);
  await page.screenshot({ path: join(SCREENSHOTS, 'overlay-page-heat.png') });

  // The heat stays while the overlay shows that result (another view, the page scrolled a little).
  const frame = await overlayFrame(page, browser.extensionId);
  await frame.getByRole('tab', { name: /head view/i }).click();
  await page.mouse.wheel(0, 40);
  await page.waitForTimeout(200);
  assert.ok((await colouredShare(clipOf(await rectOf('top')))) > 0.2, 'still coloured');
  await frame.locator('[data-testid="close"]').evaluate((b) => void setTimeout(() => b.click(), 30));
  await waitClosed();
  assert.equal(await page.evaluate(() => document.querySelector('attention-lens-heat')), null, 'closing removes the heat');
});

test('light and dark: every pixel of the overlay chrome follows the theme', async () => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.evaluate(() => scrollTo({ top: 0, behavior: 'instant' }));
  const chrome = (frame) =>
    frame.evaluate(() => {
      const bg = (sel) => {
        const el = document.querySelector(sel);
        return el ? getComputedStyle(el).backgroundColor : null;
      };
      return {
        theme: document.documentElement.dataset.theme,
        html: bg('html'),
        header: bg('.lens-header'),
        menu: bg('.lens-menu-panel'),
        note: getComputedStyle(document.querySelector('[data-testid="pinned-note"]')).color,
      };
    });
  const lum = (css) => {
    const [r, g, b] = css.match(/[\d.]+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  for (const theme of ['light', 'dark']) {
    await browser.worker.evaluate(async (theme) => {
      const { viewState } = await chrome.storage.local.get('viewState');
      await chrome.storage.local.set({ viewState: { ...(viewState ?? {}), theme, tab: 'tokens' } }); // (an earlier test left the head view)
    }, theme);
    const frame = await open('top');
    await frame.locator('[data-testid="pin"]').click();
    await frame.waitForSelector('[data-testid="pinned-note"]');
    await frame.locator('[data-testid="overlay-menu"]').click();
    await frame.locator('[data-testid="overlay-menu-panel"]').waitFor();
    const c = await chrome(frame);
    assert.equal(c.theme, theme);
    for (const k of ['html', 'header', 'menu']) {
      if (theme === 'dark') assert.ok(lum(c[k]) < 60, `${theme}: ${k} background is dark (${c[k]})`);
      else assert.ok(lum(c[k]) > 200, `${theme}: ${k} background is light (${c[k]})`);
    }
    // The frame around the iframe (in the closed shadow root) too: its corner pixels inside the border.
    const host = await page.locator('attention-lens-overlay').boundingBox();
    const share = await page.screenshot({ clip: { x: host.x + 2, y: host.y + host.height - 10, width: host.width - 24, height: 6 } });
    const mean = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const cv = document.createElement('canvas');
      cv.width = img.width;
      cv.height = img.height;
      const g = cv.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, cv.width, cv.height).data;
      let s = 0;
      for (let i = 0; i < d.length; i += 4) s += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
      return s / (d.length / 4);
    }, share.toString('base64'));
    if (theme === 'dark') assert.ok(mean < 70, `dark: the overlay's bottom edge is dark (${mean})`);
    else assert.ok(mean > 200, `light: the overlay's bottom edge is light (${mean})`);
    await page.screenshot({ path: join(SCREENSHOTS, `overlay-${theme}.png`) });
    // Unpin (closes it), from inside the frame: see overlay.test.mjs for why not with a Playwright click.
    await frame.evaluate(() => void setTimeout(() => document.querySelector('[data-testid="pin"]').click(), 50));
    await waitClosed();
  }
  await browser.worker.evaluate(() => chrome.storage.local.remove('viewState'));
});
