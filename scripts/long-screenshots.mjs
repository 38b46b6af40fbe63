// Screenshots of the embedded model on a ~450-token paragraph (a held-out Brown text the model never trained on):
// the model view (every layer and head) and the previous-token head's map enlarged, for the model card and README.
//   node scripts/long-screenshots.mjs [--no-build]   → docs/long-model-view.png, docs/long-head-view.png
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, launchWithExtension, selectElementText, servePages, tabIdOf } from '../tests/browser/harness.mjs';

const dist = process.env.AL_DIST ?? join(ROOT, 'dist-automation');
if (!process.argv.includes('--no-build')) {
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dist], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, AL_AUTOMATION: '1' },
  });
  if (b.status !== 0) process.exit(1);
}
const card = JSON.parse(await readFile(join(ROOT, 'models/attention-lens-mini/training-log.json'), 'utf8'));
const prev = card.head_stats.bars.prev;
// The first held-out document, cut at a sentence end near 450 tokens (about 1.3 tokens per word here).
const doc = (await readFile(join(ROOT, 'models/attention-lens-mini/heldout-long.txt'), 'utf8')).split('\n')[0];
const sentences = doc.match(/[^.!?]+[.!?]+["')\]]*\s*/g) ?? [doc];
let text = '';
for (const s of sentences) {
  if ((text + s).split(/\s+/).length > 365) break;
  text += s;
}
const dir = await mkdtemp(join(tmpdir(), 'attention-lens-long-'));
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
await writeFile(join(dir, 'long.html'), `<!doctype html><meta charset="utf-8"><title>A held-out Brown text</title><p id="p">${escape(text.trim())}</p>`);
const server = await servePages(dir);
const browser = await launchWithExtension(dist);
try {
  const page = await browser.context.newPage();
  await page.goto(server.url('long.html'));
  await selectElementText(page, 'p');
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 800, height: 1000 });
  await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, page)}`));
  await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 120000 });
  const tokens = await popup
    .locator('[data-testid="lens-result"]')
    .getAttribute('data-tokens')
    .catch(() => null);
  await popup.getByRole('tab', { name: /model view/i }).click();
  await popup.waitForSelector('[data-testid="model-view"]');
  await popup.waitForTimeout(500);
  await popup.screenshot({ path: join(ROOT, 'docs/long-model-view.png'), fullPage: true });
  const heads = card.geometry.num_attention_heads;
  await popup
    .locator('[data-testid="model-thumb"]')
    .nth(prev.layer * heads + prev.head)
    .click();
  await popup.waitForSelector('[data-testid="model-large"]');
  await popup.waitForTimeout(500);
  await popup.screenshot({ path: join(ROOT, 'docs/long-head-view.png'), fullPage: true });
  console.log(
    `${text.split(/\s+/).length} words${tokens ? `, ${tokens} tokens` : ''}; previous-token head: layer ${prev.layer + 1}, head ${prev.head + 1} → docs/long-model-view.png, docs/long-head-view.png`,
  );
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
