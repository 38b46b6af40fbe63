// Long texts in the real extension, on a public-domain page of ~11,400 tokens (tests/browser/pages/long-text.html):
// a 3,000-token selection comes back as windows (strip, stepping, "Window k of N"), the page heat covers the whole
// selection (the PagePaint the overlay sends), and "Profile this page" runs every window of the page's main text
// with progress to 100 %, stops mid-way on Cancel keeping the partial result, and opens a paragraph's window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, clickContextMenu, openTestPage, overlayFrame, selectElementText, tabIdOf } from '../harness.mjs';
import { expectedTokens } from '../expected.mjs';

let browser, page, session, frame;

before(async () => {
  session = await openTestPage('long-text.html');
  ({ browser, page } = session);
});
after(() => session?.close());

const cells = (where) => where.locator('[data-testid="heat-cell"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));

test('a 3,000-token selection shows a window strip; stepping and jumping change the tokens', async () => {
  await selectElementText(page, 'first-part');
  const text = await page.evaluate(() => document.getElementById('first-part').textContent);
  const total = (await expectedTokens(text)).length - 2;
  assert.ok(total >= 3000, `the selection has ${total} tokens`);
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 900, height: 700 });
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, page)}`));
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 180_000 });
  const strip = popup.locator('[data-testid="window-strip"]').first();
  await strip.waitFor();
  const count = Number(await strip.getAttribute('data-count'));
  assert.ok(count >= 7 && count <= 10, `${count} windows of at most 510 tokens, 128 shared`);
  assert.equal(await strip.getAttribute('data-window'), '0');
  assert.match(
    await popup.locator('[data-testid="truncation-notice"]').innerText(),
    new RegExp(`Window 1 of ${count} · tokens 1–\\d+ of ${total.toLocaleString('en-US')}`),
  );
  assert.equal(await popup.locator('[data-testid="window-seg"]').count(), count);

  const first = await cells(popup);
  assert.ok(first.length <= 512 && first.length > 380, `window 1 has ${first.length} tokens`);
  assert.equal(first[0], '[CLS]');
  await popup.screenshot({ path: join(SCREENSHOTS, 'long-text-window-1.png') });

  await popup.locator('[data-testid="window-next"]').first().click();
  await popup.waitForSelector('[data-testid="window-strip"][data-window="1"]', { timeout: 120_000 });
  await popup.waitForFunction(
    (prev) => [...document.querySelectorAll('[data-testid="heat-cell"]')].map((e) => e.getAttribute('data-token')).join(' ') !== prev,
    first.join(' '),
  );
  const second = await cells(popup);
  assert.notDeepEqual(second, first, 'window 2 shows other tokens');
  // windows overlap: window 2 starts inside window 1's last part
  const head = second.slice(1, 9).join(' ');
  assert.ok(first.slice(1, -1).join(' ').includes(head), 'window 2 begins with tokens of window 1 (overlap)');
  assert.match(await popup.locator('[data-testid="truncation-notice"]').innerText(), new RegExp(`Window 2 of ${count}`));

  // jump to the last window with its segment
  await popup
    .locator(`[data-testid="window-seg"][data-index="${count - 1}"]`)
    .first()
    .click();
  await popup.waitForSelector(`[data-testid="window-strip"][data-window="${count - 1}"]`, { timeout: 120_000 });
  const last = await cells(popup);
  const lastWords = text
    .trim()
    .split(/\s+/)
    .slice(-3)
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  assert.ok(
    lastWords.every((w) => last.some((t) => t === w || w.startsWith(t))),
    'the last window holds the end of the selection',
  );
  await popup.screenshot({ path: join(SCREENSHOTS, 'long-text-last-window.png') });

  // the keyboard: the current segment is the strip's tab stop; Home jumps to the first window, → steps
  const current = popup.locator('[data-testid="window-seg"][tabindex="0"]').first();
  assert.equal(await current.getAttribute('data-index'), String(count - 1));
  assert.match(await current.getAttribute('aria-label'), new RegExp(`^Window ${count} of ${count} · tokens`));
  await current.focus();
  await popup.keyboard.press('Home');
  await popup.waitForSelector('[data-testid="window-strip"][data-window="0"]', { timeout: 120_000 });
  assert.deepEqual(await cells(popup), first, 'Home shows window 1 again');
  await popup.keyboard.press('ArrowRight');
  await popup.waitForSelector('[data-testid="window-strip"][data-window="1"]', { timeout: 120_000 });
  assert.equal(await popup.evaluate(() => document.activeElement?.getAttribute('data-index')), '1', 'focus follows the window shown');
  await popup.close();
});

test('the page heat covers the whole selection: stitched from every window (the PagePaint the overlay sends)', async () => {
  await selectElementText(page, 'first-part');
  const selected = await page.evaluate(() => window.getSelection().toString());
  await clickContextMenu(browser.worker, page, 'x');
  frame = await overlayFrame(page, browser.extensionId);
  await frame.waitForSelector('[data-testid="window-strip"]', { timeout: 180_000 });
  // Record what the overlay asks the page to paint.
  await frame.evaluate(() => {
    window.__paints = [];
    for (const api of new Set([globalThis.browser, globalThis.chrome].filter(Boolean))) {
      const rt = api.runtime;
      const orig = rt.sendMessage.bind(rt);
      rt.sendMessage = (msg, ...rest) => {
        if (msg?.type === 'overlay/highlight' && msg.paint) window.__paints.push(msg.paint);
        return orig(msg, ...rest);
      };
    }
  });
  const layer = frame.locator('[data-testid="layer-select"]').first();
  await layer.selectOption({ index: 0 });
  await frame.waitForFunction(() => window.__paints.length > 0, null, { timeout: 30_000 });
  const paint = await frame.evaluate(() => {
    const p = window.__paints.at(-1);
    return {
      n: p.spans.length,
      first: p.spans[0],
      last: p.spans.at(-1),
      endAt: p.endAt,
      labels: [p.labels[0], p.labels.at(-1)],
      positive: p.scores.filter((s) => s > 0).length,
    };
  });
  const total = (await expectedTokens(selected)).length - 2;
  assert.ok(paint.n >= total * 0.98, `${paint.n} painted tokens of ${total}: every window's tokens, not only the first window's`);
  assert.ok(paint.positive >= paint.n * 0.98, 'every painted token has a score');
  assert.ok(paint.first[0] <= 5, 'from the start of the selection');
  assert.ok(paint.last[1] >= selected.trimEnd().length - 2, `to its end (${paint.last[1]} of ${selected.length})`);
  assert.equal(paint.endAt, null, 'no "analysis stops here" marker');
  assert.match(paint.labels[1], new RegExp(`·${total}$`), 'labels count positions in the whole text');
});

test('Profile this page: progress to 100 %, the heads table, maps and paragraphs of the main text', async () => {
  // (a DOM click: the overlay may still be growing to fit its first chart, which moves the tab under the pointer)
  await frame.getByRole('tab', { name: 'Profile' }).evaluate((el) => el.click());
  await frame.waitForSelector('[data-testid="attention-panel"][data-tab="profile"]');
  await frame.locator('[data-testid="profile-page"]').click();
  const seen = new Set();
  const deadline = Date.now() + 240_000;
  for (;;) {
    const st = await frame.locator('[data-testid="profile-view"]').getAttribute('data-state');
    const pct = await frame
      .locator('[data-testid="profile-progress"]')
      .getAttribute('data-percent', { timeout: 200 })
      .catch(() => null);
    if (pct !== null) seen.add(Number(pct));
    if (st === 'done' || st === 'error') break;
    assert.ok(Date.now() < deadline, 'the profile finishes');
    await frame.waitForTimeout(150);
  }
  assert.equal(
    await frame.locator('[data-testid="profile-view"]').getAttribute('data-state'),
    'done',
    await frame
      .locator('[data-testid="profile-error"]')
      .innerText()
      .catch(() => ''),
  );
  const summary = frame.locator('[data-testid="profile-summary"]');
  const windows = Number(await summary.getAttribute('data-windows'));
  const tokens = Number(await summary.getAttribute('data-tokens'));
  assert.ok(tokens > 9000, `${tokens} tokens: the whole article`);
  // profile windows lie side by side (no overlap) and end at a sentence end in their last 128 tokens
  assert.ok(windows >= Math.ceil(tokens / 510) && windows <= Math.ceil(tokens / (510 - 128)), `${windows} windows over ${tokens} tokens`);
  assert.equal(await summary.getAttribute('data-windows-done'), String(windows));
  assert.equal(await summary.getAttribute('data-complete'), 'true');
  assert.match(await summary.innerText(), /100 %/);
  assert.match(await summary.innerText(), /main text \(“The Devil's Dictionary/);
  assert.ok(
    [...seen].some((p) => p > 0 && p < 100),
    `intermediate progress was shown (${[...seen].sort((a, b) => a - b).join(', ')})`,
  );
  assert.equal(await frame.locator('[data-testid="profile-head-row"]').count(), 16, '4 layers × 4 heads');
  assert.ok(
    (await frame.locator('[data-testid="profile-role"]').allInnerTexts()).every((t) => t.length > 0),
    'every head has a role',
  );
  const paragraphs = frame.locator('[data-testid="profile-paragraph"]');
  assert.ok((await paragraphs.count()) > 250, 'paragraphs of the article, not the page chrome');
  assert.doesNotMatch(await paragraphs.first().innerText(), /Home|Previous book/);
  await page.screenshot({ path: join(SCREENSHOTS, 'long-text-profile.png') });
});

test('a paragraph opens its window’s full views', async () => {
  const para = frame.locator('[data-testid="profile-paragraph"]').nth(200);
  const w = Number(await para.getAttribute('data-window'));
  assert.ok(w > 0, `paragraph 201 lies in window ${w + 1}`);
  const words = (await para.innerText())
    .replace(/^w\d+\s*/, '')
    .toLowerCase()
    .match(/[a-z]{4,}/g)
    .slice(0, 3);
  // DOM clicks in the overlay from here on: after the overlay grew to fit the profile, headless Chromium sometimes
  // routes a synthesised pointer event at the lower part of the (out-of-process) frame to the page's host element.
  await para.evaluate((el) => el.click());
  const drill = frame.locator('[data-testid="profile-drilldown"]');
  await drill.waitFor();
  await frame.waitForSelector(`[data-testid="profile-drilldown"][data-window="${w}"] [data-testid="heat-cell"]`, { timeout: 120_000 });
  const tokens = await cells(drill);
  for (const word of words)
    assert.ok(
      tokens.some((t) => word.startsWith(t.replace(/^##/, '')) && t.length >= 2),
      `window ${w + 1} holds “${word}”`,
    );
  assert.match(await drill.locator('[data-testid="window-label"]').first().innerText(), new RegExp(`Window ${w + 1} of`));
  await page.screenshot({ path: join(SCREENSHOTS, 'long-text-drilldown.png') });
  await drill.locator('[data-testid="profile-drill-close"]').evaluate((el) => el.click());
  await frame.waitForSelector('[data-testid="profile-drilldown"]', { state: 'detached' });
});

test('Cancel stops a profile mid-way and keeps the partial result', async () => {
  await frame.locator('[data-testid="profile-page"]').evaluate((el) => el.click());
  await frame.waitForFunction(
    () =>
      Number(document.querySelector('[data-testid="profile-summary"]')?.getAttribute('data-windows-done') ?? 0) >= 2 &&
      document.querySelector('[data-testid="profile-view"]')?.getAttribute('data-state') === 'running',
    null,
    { timeout: 120_000 },
  );
  await frame.locator('[data-testid="profile-cancel"]').evaluate((el) => el.click());
  await frame.waitForSelector('[data-testid="profile-view"][data-state="done"]', { timeout: 60_000 });
  const summary = frame.locator('[data-testid="profile-summary"]');
  const done = Number(await summary.getAttribute('data-windows-done'));
  const windows = Number(await summary.getAttribute('data-windows'));
  assert.equal(await summary.getAttribute('data-cancelled'), 'true');
  assert.equal(await summary.getAttribute('data-complete'), 'false');
  assert.ok(done >= 2 && done < windows, `stopped after ${done} of ${windows} windows`);
  assert.match(await summary.innerText(), /cancelled: partial result/);
  assert.equal(await frame.locator('[data-testid="profile-head-row"]').count(), 16, 'the partial statistics are shown');
});
