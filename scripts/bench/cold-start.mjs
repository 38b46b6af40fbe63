// Cold first analysis on the default model, several fresh profiles: from an extension page's first request (offscreen
// document created, model read and prepared, runtime started, session created, tokenizer loaded) to its result, with
// the engine's load phases. Several builds alternate (A/B on a shared machine). Prints figures; asserts nothing.
// Run: npm run bench:cold [-- <automation build> [<another build> …]] [rounds]   (default: dist-automation, built first)
//   SETTLE_MS=1500: wait that long after the browser starts before asking (a reader never selects text at once)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, launchWithExtension } from '../../tests/browser/harness.mjs';
import { coldAnalysis } from './shared.mjs';
const given = process.argv.slice(2).filter((a) => !/^\d+$/.test(a));
if (!given.length) {
  const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, AL_AUTOMATION: '1' } });
  if (b.status !== 0) process.exit(1);
}
const dists = given.length ? given : [join(ROOT, 'dist-automation')];
const rounds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
const out = Object.fromEntries(dists.map((d) => [d, []]));
for (let r = 0; r < rounds; r++) {
  for (const d of dists) {
    const browser = await launchWithExtension(d);
    const page = await browser.context.newPage();
    await page.goto(browser.extUrl('src/popup/popup.html?tab=-1'));
    await new Promise((r) => setTimeout(r, Number(process.env.SETTLE_MS ?? 0))); // SETTLE_MS: let the browser settle first
    const cold = await coldAnalysis(page);
    const status = await page.evaluate(async () => (await chrome.runtime.sendMessage({ target: 'background', type: 'engine/ensure' })).value);
    out[d].push(Math.round(cold.ms));
    console.log(d, Math.round(cold.ms), 'ms', cold.ok ? '' : 'FAILED', 'inf', cold.inferenceMs, 'load', status.loadMs, JSON.stringify(status.loadPhases));
    await browser.close();
  }
}
console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
for (const d of dists) console.log(d, 'median', [...out[d]].sort((a, b) => a - b)[Math.floor(out[d].length / 2)], out[d].join(' / '));
