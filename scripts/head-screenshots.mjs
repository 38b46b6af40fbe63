// Screenshots of the embedded model's notable heads (from its card's training-log.json) in the popup's
// head view, on a real sentence: the previous-token, next-token and [CLS]/[SEP] heads.
//   node scripts/head-screenshots.mjs   → artifacts/screenshots/model-head-*.png
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, SCREENSHOTS, openTestPage, selectElementText, tabIdOf } from '../tests/browser/harness.mjs';

if (!process.argv.includes('--no-build')) {
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, AL_AUTOMATION: '1' } });
  if (b.status !== 0) process.exit(1);
}
const bars = JSON.parse(readFileSync(join(ROOT, 'models/attention-lens-mini/training-log.json'), 'utf8')).head_stats.bars;
const session = await openTestPage('demo.html');
const { browser, page } = session;
await selectElementText(page, 'p2');
const popup = await browser.context.newPage();
await popup.setViewportSize({ width: 780, height: 1100 });
await popup.goto(browser.extUrl(`src/popup/popup.html?tab=${await tabIdOf(browser.worker, page)}`));
await popup.waitForSelector('[data-testid="lens-result"]', { timeout: 120000 });
await popup.getByRole('tab', { name: /head view/i }).click();
for (const [name, b] of Object.entries(bars)) {
  await popup.locator('[data-testid="layer-select"]').first().selectOption(String(b.layer));
  await popup.locator(`[data-testid="head-swatch"][data-head="${b.head}"]`).dblclick();
  await popup.waitForTimeout(300);
  const file = join(SCREENSHOTS, `model-head-${name}.png`);
  await popup.screenshot({ path: file, fullPage: true });
  console.log(`${name}: layer ${b.layer + 1}, head ${b.head + 1} (${b.stat} ${b.value}) → ${file}`);
}
await session.close();
