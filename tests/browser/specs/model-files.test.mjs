// A corrupt or missing model file gets a message that names the file; nothing crashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, ROOT, servePages, selectElementText, tabIdOf, SCREENSHOTS } from '../harness.mjs';

async function withBrokenBuild(breakIt, check) {
  const dir = await mkdtemp(join(tmpdir(), 'attention-lens-broken-'));
  await cp(process.env.AL_DIST ?? join(ROOT, 'dist-automation'), dir, { recursive: true });
  await breakIt(dir);
  const server = await servePages();
  const browser = await launchWithExtension(dir);
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url('demo.html'));
    await selectElementText(page, 'p1');
    const popup = await browser.context.newPage();
    await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, page)}`));
    const err = popup.locator('[data-testid="lens-error"]');
    await err.waitFor({ timeout: 60000 });
    await check(err, popup);
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('corrupt model.onnx: the message names the file', async () => {
  await withBrokenBuild(
    async (dir) => {
      const p = join(dir, 'models/attention-lens-mini/onnx/model.onnx');
      const bytes = await readFile(p);
      await writeFile(p, bytes.subarray(0, Math.floor(bytes.length / 3))); // a truncated download
    },
    async (err, popup) => {
      assert.equal(await err.getAttribute('data-code'), 'model-file');
      assert.match(await err.innerText(), /models\/attention-lens-mini\/onnx\/model\.onnx/);
      await popup.screenshot({ path: join(SCREENSHOTS, 'popup-corrupt-model.png') });
    },
  );
});

test('missing config.json: the message names the file', async () => {
  await withBrokenBuild(
    (dir) => rm(join(dir, 'models/attention-lens-mini/config.json')),
    async (err) => {
      assert.equal(await err.getAttribute('data-code'), 'model-file');
      assert.match(await err.innerText(), /models\/attention-lens-mini\/config\.json/);
    },
  );
});
