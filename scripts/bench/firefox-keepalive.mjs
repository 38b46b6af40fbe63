// What keeping Firefox's background page awake costs, against what letting it be suspended costs, for a pinned
// overlay (src/background/keep-awake.ts decides from these figures). Firefox's background page is an MV3 event page:
// it is suspended after extensions.background.idle.timeout (30 s, the default here) without extension events, and the
// engine — model and onnxruntime — lives in it. Prints, for the extension process (where the background page runs):
//   - resident memory with the page suspended, awake without a model, awake with the model loaded, after the model's
//     idle unload, and after a suspension that follows a load (with the number of pages Firefox could not free);
//   - CPU time used while a pinned overlay keeps the page awake and idle for longer than Firefox's idle timeout;
//   - the time from a new selection to the pinned overlay's result: page awake (model loaded) vs suspended before.
// Asserts nothing. Run: node scripts/bench/firefox-keepalive.mjs [--no-build] (AL_FIREFOX_DIST=<build or .xpi> to use
// another build; the default builds the automation variant into a temporary folder of its own).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../tests/browser/harness.mjs';

if (typeof WebSocket === 'undefined') {
  // Node 20: the BiDi client needs the WebSocket global
  const r = spawnSync(process.execPath, ['--experimental-websocket', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const bidi = await import('../../tests/browser/firefox-bidi.mjs');

let dist = process.env.AL_FIREFOX_DIST;
if (!dist) {
  dist = mkdtempSync(join(tmpdir(), 'attention-lens-bench-firefox-'));
  if (!process.argv.includes('--no-build')) {
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', dist, '--emptyOutDir'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, AL_AUTOMATION: '1', AL_BROWSER: 'firefox' },
    });
    if (b.status !== 0) process.exit(1);
  }
}

const REPEAT = 3;
const IDLE_TIMEOUT_MS = 30_000; // Firefox's default
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const PARAS = [
  ['The quick brown fox jumps over the lazy dog.', 'fox'],
  ['Seven ships sailed down the river at night.', 'ships'],
  ['The garden was quiet in the winter morning.', 'garden'],
  ['Music filled the old school hall after lunch.', 'music'],
];
const server = createServer((_req, res) => {
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(`<!doctype html><meta charset="utf-8"><title>bench</title>${PARAS.map(([t], i) => `<p id="p${i}">${t}</p>`).join('')}`);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const pageUrl = `http://127.0.0.1:${server.address().port}/text.html`;

const ff = await bidi.launchWithAttentionLens(dist, { systemAccess: true, prefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS } });
try {
  /** The extension process after Firefox's "minimize memory usage" (GC and CC in every process): resident MB, CPU ms. */
  const ext = async () => {
    await ff.chromeEvaluate(
      `new Promise((r) => Cc['@mozilla.org/memory-reporter-manager;1'].getService(Ci.nsIMemoryReporterManager).minimizeMemoryUsage(() => r(true)))`,
    );
    await sleep(500);
    const [p] = JSON.parse(
      await ff.chromeEvaluate(
        `ChromeUtils.requestProcInfo().then((p) => JSON.stringify(p.children.filter((c) => c.type === 'extension').map((c) => ({ mb: c.memory / 1e6, cpuMs: c.cpuTime / 1e6 }))))`,
      ),
    );
    return p;
  };
  /** Background pages of this extension that are gone but still held in memory (Firefox's "detached" windows). */
  const detachedPages = () =>
    ff.chromeEvaluate(`new Promise((resolve) => { let n = 0; const mgr = Cc['@mozilla.org/memory-reporter-manager;1'].getService(Ci.nsIMemoryReporterManager);
      mgr.getReports((process, path) => { if (/detached\\/window\\(moz-extension:[^)]*_generated_background_page/.test(path) && /\\/dom\\/other$/.test(path)) n++; }, null, () => resolve(n), null, false); })`);

  const helper = (await ff.send('browsingContext.getTree', {})).contexts[0].context;
  await ff.send('browsingContext.navigate', { context: helper, url: pageUrl, wait: 'complete' });
  await bidi.becomeExtensionPage(ff, helper);
  const page = (await ff.send('browsingContext.create', { type: 'tab' })).context;
  await ff.send('browsingContext.navigate', { context: page, url: pageUrl, wait: 'complete' });
  const select = (i) =>
    ff.evaluate(
      page,
      `(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('p${i}')); getSelection().removeAllRanges(); getSelection().addRange(r); return true; })()`,
    );

  await bidi.terminateBackground(ff);
  const stopped = await ext();
  await ff.evaluate(helper, `chrome.runtime.sendMessage({ target: 'offscreen', type: 'engine/keepalive' }).then((r) => r.ok)`);
  const awakeNoModel = await ext();

  // A pinned overlay on the page (Alt+Shift+L, then the pin).
  await select(0);
  await ff.send('browsingContext.activate', { context: page });
  await bidi.runCommand(ff, 'show-overlay');
  let overlay = null;
  for (let k = 0; k < 200 && !overlay; k++) {
    const tree = await ff.send('browsingContext.getTree', { root: page });
    overlay = tree.contexts[0].children?.find((c) => c.url.includes('/src/overlay/overlay.html'))?.context ?? null;
    if (!overlay) await sleep(100);
  }
  if (!overlay) throw new Error('the overlay did not open');
  const shows = (marker) => `[...document.querySelectorAll('[data-testid="heat-cell"]')].some((e) => e.dataset.token === ${JSON.stringify(marker)})`;
  const waitShows = async (marker) => {
    const t0 = Date.now();
    while (!(await ff.evaluate(overlay, shows(marker)).catch(() => false))) {
      if (Date.now() - t0 > 60_000) throw new Error(`the overlay did not show ${marker}`);
      await sleep(20);
    }
  };
  await waitShows('fox');
  await ff.evaluate(overlay, `(document.querySelector('[data-testid="pin"]').click(), true)`);
  await sleep(500);
  const loaded = await ext();

  // Kept awake: idle for longer than Firefox's idle timeout, with the model loaded and the overlay pinned.
  const idleMs = IDLE_TIMEOUT_MS + 10_000;
  const before = await ext();
  await sleep(idleMs);
  const after = await ext();
  const stateAfterIdle = await bidi.backgroundState(ff);

  // Selection → result in the pinned overlay: awake with the model loaded, and right after a suspension.
  const warm = [];
  const cold = [];
  let next = 1;
  for (let i = 0; i < REPEAT; i++) {
    for (const suspended of [false, true]) {
      const [, marker] = PARAS[next % PARAS.length];
      if (suspended) await bidi.terminateBackground(ff);
      const t0 = Date.now();
      await select(next++ % PARAS.length);
      await waitShows(marker);
      (suspended ? cold : warm).push(Date.now() - t0);
      await sleep(800); // the page heat is painted; the selection collapses
    }
  }

  // The model unloads after the user's idle setting (here 0.5 s, set by a request of ours); the page stays awake?
  await ff.evaluate(
    helper,
    `chrome.runtime.sendMessage({ target: 'offscreen', type: 'engine/analyze', text: 'unload soon', options: { idleUnloadMs: 500 } }).then((r) => r.ok)`,
  );
  await sleep(1500);
  const unloaded = await ext();
  await bidi.terminateBackground(ff);
  await sleep(1000);
  const suspendedAfterLoad = await ext();
  const leftBehind = await detachedPages();

  const mb = (x) => `${x.mb.toFixed(1)} MB`;
  console.log(
    `Firefox ${await ff.chromeEvaluate('Services.appinfo.version')}, idle timeout ${IDLE_TIMEOUT_MS / 1000} s; the extension process (background page, overlay frame, Firefox's built-in extensions):`,
  );
  console.log(
    `  memory: page suspended ${mb(stopped)}; awake, no model ${mb(awakeNoModel)}; model loaded ${mb(loaded)} (+${(loaded.mb - stopped.mb).toFixed(1)} MB)`,
  );
  console.log(
    `  memory: after the model's idle unload, page awake ${mb(unloaded)}; after a suspension that followed a load ${mb(suspendedAfterLoad)} (pages Firefox could not free: ${leftBehind})`,
  );
  console.log(
    `  kept awake by a pinned overlay for ${idleMs / 1000} s (> the idle timeout): page ${stateAfterIdle}; CPU ${(after.cpuMs - before.cpuMs).toFixed(0)} ms in that time (${((100 * (after.cpuMs - before.cpuMs)) / idleMs).toFixed(2)} % of a core), memory ${mb(before)} → ${mb(after)}`,
  );
  console.log(
    `  selection → result in the pinned overlay (incl. the 450 ms selection debounce), median of ${REPEAT}: page awake ${median(warm)} ms [${warm.join(', ')}]; page suspended before ${median(cold)} ms [${cold.join(', ')}]`,
  );
} finally {
  await ff.close();
  server.close();
}
