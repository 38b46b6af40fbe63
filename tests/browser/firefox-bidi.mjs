// A minimal WebDriver BiDi client for an installed Firefox ($FIREFOX_PATH, else firefox-esr / firefox: see
// scripts/lib/find-browser.mjs; Playwright drives only its own patched Firefox, which cannot be downloaded here).
// Needs Node's WebSocket: run with `node --experimental-websocket` on Node 20.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFirefox } from '../../scripts/lib/find-browser.mjs';

/** Prefs for a quiet, offline test profile; `uuids` pins the moz-extension:// host of an add-on id; `extra` adds more. */
function userJs(uuids, extra = {}) {
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
    ...extra,
  };
  return (
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n') + '\n'
  );
}

/**
 * `prefs`: more prefs for the profile (e.g. `extensions.background.idle.timeout`, ms, to make Firefox suspend an idle
 * event page quickly). `systemAccess`: start with --remote-allow-system-access, so that `chromeEvaluate` may run
 * privileged code in the parent process (used to terminate the background page the way about:debugging does).
 */
export async function launchFirefox({ uuids = {}, prefs = {}, systemAccess = false } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'attention-lens-firefox-'));
  await writeFile(join(profile, 'user.js'), userJs(uuids, prefs));
  const args = ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0', ...(systemAccess ? ['--remote-allow-system-access'] : [])];
  const proc = spawn(findFirefox(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const listeners = new Map();
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'event') for (const l of listeners.get(m.method) ?? []) l(m.params);
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
  let chromeContext = null;
  return {
    send,
    /** The pid of the Firefox parent process (its content and extension processes are its children). */
    pid: proc.pid,
    /** Subscribes to a BiDi event (e.g. 'browsingContext.domContentLoaded'); returns the function that stops listening. */
    async on(method, listener) {
      if (!listeners.has(method)) {
        listeners.set(method, new Set());
        await send('session.subscribe', { events: [method] });
      }
      listeners.get(method).add(listener);
      return () => listeners.get(method).delete(listener);
    },
    /** Evaluates in the parent process's browser window (privileged; needs `systemAccess`). */
    async chromeEvaluate(expression) {
      if (!chromeContext) chromeContext = (await send('browsingContext.getTree', { 'moz:scope': 'chrome' })).contexts[0].context;
      const r = await send('script.evaluate', {
        expression,
        target: { context: chromeContext },
        awaitPromise: true,
        resultOwnership: 'none',
        serializationOptions: { maxObjectDepth: 0 },
      });
      if (r.type === 'exception') throw new Error(`in chrome: ${r.exceptionDetails.text}`);
      return r.result.value;
    },
    /** Evaluates an async function body's result (JSON-serialisable) in a browsing context. */
    async evaluate(context, expression) {
      const r = await send('script.evaluate', {
        expression,
        target: { context },
        awaitPromise: true,
        resultOwnership: 'none',
        serializationOptions: { maxObjectDepth: 0 },
      });
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
export async function launchWithAttentionLens(dist, { prefs = {}, systemAccess = false } = {}) {
  const ff = await launchFirefox({ uuids: { [ADDON_ID]: new URL(EXT_ORIGIN).host }, prefs, systemAccess });
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `expression` in a browsing context every `intervalMs` until it gives a truthy value, and resolves with that
 * value (an evaluation that throws counts as not yet); after `timeoutMs` throws, naming `what` and quoting the start
 * of the page's text.
 */
export async function waitForValue(ff, context, expression, what, { timeoutMs = 60_000, intervalMs = 100 } = {}) {
  const t0 = Date.now();
  for (;;) {
    const v = await ff.evaluate(context, expression).catch(() => null);
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) {
      const shown = await ff.evaluate(context, `document.body?.innerText?.slice(0, 600) ?? ''`).catch(() => '(gone)');
      throw new Error(`timed out waiting for ${what}; the page shows:\n${shown}`);
    }
    await sleep(intervalMs);
  }
}

/**
 * The browsing context whose URL contains `urlPart`, polled every `intervalMs` for up to `timeoutMs`. Without `root`, a
 * top-level page: the newest one (an earlier popup tab may still be open: Firefox does not let a page close a tab it
 * did not open). With `root`, a frame inside that page: the first, as the page lists them.
 */
export async function findContext(ff, root, urlPart, { timeoutMs = 30_000, intervalMs = 200 } = {}) {
  const t0 = Date.now();
  for (;;) {
    const tree = await ff.send('browsingContext.getTree', root ? { root } : {});
    const all = tree.contexts.flatMap((c) => [c, ...(c.children ?? [])]);
    const hits = all.filter((c) => c.url.includes(urlPart));
    const hit = root ? hits[0] : hits.at(-1);
    if (hit) return hit.context;
    if (Date.now() - t0 > timeoutMs) throw new Error(`no browsing context with ${urlPart}`);
    await sleep(intervalMs);
  }
}

/**
 * The Firefox e2e suites' start: Firefox with the extension installed from $AL_FIREFOX_DIST (a build folder or .xpi),
 * else from the store .xpi with the test host permission for the local pages added (tests/browser/packaged.mjs), and
 * `pageUrl` loaded. With `helperUrl`, the first tab (`helperCtx`) loads that page and becomes an extension page (it
 * opens popups and talks to the extension), `pageUrl` loads in a new tab (`pageCtx`, `viewport`: its size) and
 * `pageTabId` is that tab's extension tab id; without, `pageUrl` loads in the first tab. If a step after the launch
 * fails, Firefox is closed again.
 */
export async function launchFirefoxWithXpi({ prefs, systemAccess, pageUrl, helperUrl, viewport } = {}) {
  const dist = process.env.AL_FIREFOX_DIST ?? (await import('./packaged.mjs')).firefoxPackage({ testHost: true });
  const ff = await launchWithAttentionLens(dist, { prefs, systemAccess });
  try {
    const first = (await ff.send('browsingContext.getTree', {})).contexts[0].context;
    if (!helperUrl) {
      await ff.send('browsingContext.navigate', { context: first, url: pageUrl, wait: 'complete' });
      return { ff, pageCtx: first };
    }
    await ff.send('browsingContext.navigate', { context: first, url: helperUrl, wait: 'complete' });
    await becomeExtensionPage(ff, first);
    const pageCtx = (await ff.send('browsingContext.create', { type: 'tab' })).context;
    if (viewport) await ff.send('browsingContext.setViewport', { context: pageCtx, viewport });
    await ff.send('browsingContext.navigate', { context: pageCtx, url: pageUrl, wait: 'complete' });
    const pageTabId = await waitForValue(
      ff,
      first,
      `chrome.tabs.query({}).then((t) => t.find((x) => x.url === ${JSON.stringify(pageUrl)})?.id ?? null)`,
      'the page tab id',
    );
    return { ff, helperCtx: first, pageCtx, pageTabId };
  } catch (e) {
    await ff.close();
    throw e;
  }
}

const POLICY = `WebExtensionPolicy.getByID(${JSON.stringify(ADDON_ID)})`;

/**
 * The background page's state as Firefox keeps it: 'running', 'suspending', 'stopped' or 'starting' (needs a session
 * launched with `systemAccess`).
 */
export async function backgroundState(ff) {
  return ff.chromeEvaluate(`${POLICY}?.extension?.backgroundState ?? 'no-extension'`);
}

/**
 * Suspends the event page now, as Firefox does after its idle timeout and about:debugging's "Terminate background
 * script" does (needs `systemAccess`). Resolves once it is stopped (or when Firefox kept it: a listener still busy).
 */
export async function terminateBackground(ff, { force = false } = {}) {
  // force: also while a listener is still busy (Firefox's idle suspension would wait for it): a crash-like end.
  const options = JSON.stringify({ ignoreDevToolsAttached: true, disableResetIdleForTest: force });
  await ff.chromeEvaluate(
    `(async () => { const e = ${POLICY}.extension; if (e.backgroundState === 'running') await e.terminateBackground(${options}); return true; })()`,
  );
  return backgroundState(ff);
}

/** Waits until the background page reaches `state` (e.g. 'stopped' after the idle timeout); resolves with the ms waited. */
export async function waitForBackgroundState(ff, state, timeoutMs = 30_000) {
  const t0 = Date.now();
  for (;;) {
    const now = await backgroundState(ff);
    if (now === state) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`the background page stayed ${now} (waited ${timeoutMs} ms for ${state})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sets a pref of the running Firefox (needs `systemAccess`); e.g. the event page's idle timeout, which applies at once. */
export function setPref(ff, name, value) {
  const kind = typeof value === 'boolean' ? 'Bool' : typeof value === 'number' ? 'Int' : 'String';
  return ff.chromeEvaluate(`(Services.prefs.set${kind}Pref(${JSON.stringify(name)}, ${JSON.stringify(value)}), true)`);
}

/**
 * Opens `url` in a new tab the way the user does (any URL: about:, view-source:, other extensions' pages), waits for
 * it to load and returns its extension tab id. `grant`: the activeTab grant a click on the toolbar button (or the
 * menu, or a shortcut) gives for that page. Needs `systemAccess`.
 */
export async function openTabAsUser(ff, url, { grant = false, settleMs = 300 } = {}) {
  return ff.chromeEvaluate(`(async () => {
    const { gBrowser } = Services.wm.getMostRecentWindow('navigator:browser');
    const tab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
    gBrowser.selectedTab = tab;
    const t0 = Date.now();
    while (Date.now() - t0 < 15000) {
      const b = tab.linkedBrowser;
      if (b.currentURI?.spec !== 'about:blank' || ${JSON.stringify(url)} === 'about:blank') { if (!b.webProgress?.isLoadingDocument) break; }
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, ${settleMs}));
    const ext = ${POLICY}.extension;
    if (${grant}) ext.tabManager.addActiveTabPermission(tab);
    return ext.tabManager.getWrapper(tab).id; })()`);
}

/** Closes a tab by its extension tab id (needs `systemAccess`). */
export function closeTab(ff, tabId) {
  return ff.chromeEvaluate(`(() => { const ext = ${POLICY}.extension; const { gBrowser } = Services.wm.getMostRecentWindow('navigator:browser');
    const tab = gBrowser.tabs.find((t) => ext.tabManager.getWrapper(t).id === ${tabId}); if (tab) gBrowser.removeTab(tab); return !!tab; })()`);
}

/**
 * Runs a keyboard command of the extension as its shortcut does (Firefox grants activeTab for the selected tab and
 * fires commands.onCommand): e.g. 'show-overlay' (Alt+Shift+L). Needs `systemAccess`.
 */
export function runCommand(ff, name) {
  return ff.chromeEvaluate(`(${POLICY}.extension.shortcuts.onCommand(${JSON.stringify(name)}), true)`);
}

/**
 * The text an element shows, its closed shadow roots included (WebDriver BiDi serialises them with
 * includeShadowTree: 'all'); '' when there is no such element.
 */
export async function shownText(ff, context, selector) {
  const r = await ff.send('script.evaluate', {
    expression: `document.querySelector(${JSON.stringify(selector)})`,
    target: { context },
    awaitPromise: false,
    resultOwnership: 'none',
    serializationOptions: { maxDomDepth: 30, includeShadowTree: 'all' },
  });
  const out = [];
  const walk = (node) => {
    if (!node || node.type !== 'node') return;
    const v = node.value ?? {};
    if (v.nodeType === 3 && v.nodeValue) out.push(v.nodeValue);
    if (v.shadowRoot) walk(v.shadowRoot);
    for (const c of v.children ?? []) walk(c);
  };
  walk(r.result);
  return out.join(' ').replace(/\s+/g, ' ').trim();
}
