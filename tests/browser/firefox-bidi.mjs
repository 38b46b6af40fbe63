// A minimal WebDriver BiDi client for an installed Firefox ($FIREFOX_PATH, else firefox-esr / firefox: see
// scripts/lib/find-browser.mjs; Playwright drives only its own patched Firefox, which cannot be downloaded here).
// Needs Node's WebSocket: run with `node --experimental-websocket` on Node 20.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFirefox } from '../../scripts/lib/find-browser.mjs';

/** Prefs for a quiet, offline test profile; `uuids` pins the moz-extension:// host of an add-on id. */
function userJs(uuids) {
  const prefs = {
    'extensions.webextensions.uuids': JSON.stringify(uuids),
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.normandy.enabled': false,
    'messaging-system.rsexperimentloader.enabled': false,
    'browser.aboutwelcome.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'network.captive-portal-service.enabled': false,
  };
  return Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n') + '\n';
}

export async function launchFirefox({ uuids = {} } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'attention-lens-firefox-'));
  await writeFile(join(profile, 'user.js'), userJs(uuids));
  const proc = spawn(findFirefox(), ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const wsUrl = await new Promise((resolve, reject) => {
    let log = '';
    const onData = (d) => {
      log += d;
      const m = /WebDriver BiDi listening on (ws:\/\/[^\s]+)/.exec(log);
      if (m) resolve(m[1]);
    };
    proc.stderr.on('data', onData);
    proc.stdout.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`firefox exited (${code}) before BiDi was ready:\n${log.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`no BiDi endpoint after 60 s:\n${log.slice(-2000)}`)), 60_000);
  });
  const ws = new WebSocket(`${wsUrl}/session`);
  await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
  let nextId = 0;
  const pending = new Map();
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    const p = m.id !== undefined && pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.type === 'error') p.reject(new Error(`${m.error}: ${m.message}`));
    else p.resolve(m.result);
  };
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  await send('session.new', { capabilities: {} });
  return {
    send,
    /** Evaluates an async function body's result (JSON-serialisable) in a browsing context. */
    async evaluate(context, expression) {
      const r = await send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none', serializationOptions: { maxObjectDepth: 0 } });
      if (r.type === 'exception') throw new Error(`in page: ${r.exceptionDetails.text}`);
      return r.result.type === 'string' ? r.result.value : r.result.value;
    },
    async close() {
      try {
        await send('browser.close');
      } catch {
        /* already gone */
      }
      ws.close();
      proc.kill();
    },
  };
}

/** Attention Lens's add-on id, and the moz-extension:// origin the test profile pins it to. */
export const ADDON_ID = 'attention-lens@attention-lens.dev';
export const EXT_ORIGIN = 'moz-extension://5b1c3a52-7a55-4c1e-9f0e-a1b2c3d4e5f6';

/**
 * Firefox with the extension installed as a temporary add-on: `dist` is a package (.xpi / .zip, installed from the
 * archive as a user installs the store file) or a build folder.
 */
export async function launchWithAttentionLens(dist) {
  const ff = await launchFirefox({ uuids: { [ADDON_ID]: new URL(EXT_ORIGIN).host } });
  const extensionData = /\.(xpi|zip)$/i.test(dist) ? { type: 'archivePath', path: dist } : { type: 'path', path: dist };
  const installed = await ff.send('webExtension.install', { extensionData });
  if (installed.extension !== ADDON_ID) throw new Error(`installed ${installed.extension}, expected ${ADDON_ID}`);
  return ff;
}

/**
 * Turns a tab showing a web page into an extension page. BiDi may not navigate to moz-extension:// URLs, but a
 * web page may open the extension's web-accessible overlay page, which has the extension APIs.
 */
export async function becomeExtensionPage(ff, context) {
  await ff.evaluate(context, `(location.href = '${EXT_ORIGIN}/src/overlay/overlay.html', true)`);
  for (let k = 0; k < 200; k++) {
    if (await ff.evaluate(context, `location.protocol === 'moz-extension:' && !!globalThis.chrome?.runtime`).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the tab did not become an extension page');
}
