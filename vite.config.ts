import { build, defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import baseManifest from './manifest.json' with { type: 'json' };
import enMessages from './_locales/en/messages.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import { releaseFiles } from './scripts/lib/release-files.mjs';
import { CONTENT_SCRIPT_FILE } from './src/platform/content-script-file';
import { READABLE_SCRIPT_FILE } from './src/shared/protocol';

// AL_AUTOMATION=1 builds dist-automation/ for headless tests and the demo: identical code, plus a host
// permission for 127.0.0.1, because automation cannot make the user gesture that grants activeTab.
const automation = process.env.AL_AUTOMATION === '1';
// AL_BROWSER=firefox builds the Firefox variant: the background is a page (Firefox has no offscreen documents)
// that runs the engine itself; Chrome-only manifest keys are left out.
const firefox = process.env.AL_BROWSER === 'firefox';

function firefoxManifest(m: typeof baseManifest) {
  const {
    background: _serviceWorker,
    minimum_chrome_version: _chrome,
    message_serialization: _serialization, // Firefox's runtime messages are structured clones already
    cross_origin_embedder_policy: _coep, // not supported: ORT runs single-threaded there
    cross_origin_opener_policy: _coop,
    side_panel: sidePanel, // Firefox's equivalent is the sidebar (sidebar_action), same page
    ...rest
  } = m;
  return {
    ...rest,
    permissions: m.permissions.filter((p) => p !== 'offscreen' && p !== 'sidePanel'),
    sidebar_action: {
      default_panel: sidePanel.default_path,
      default_title: '__MSG_app_name__',
      default_icon: m.action.default_icon,
      open_at_install: false,
    },
    commands: {
      ...Object.fromEntries(Object.entries(m.commands).filter(([name]) => name !== 'open-side-panel')),
      // Ctrl+Shift+Y is Firefox's own Downloads shortcut (Linux): the popup gets Alt+Shift+Y there.
      _execute_action: { ...m.commands._execute_action, suggested_key: { default: 'Alt+Shift+Y' } },
      // Firefox toggles the sidebar itself for this one (no key by default; the user may bind one).
      _execute_sidebar_action: { description: '__MSG_cmd_toggle_sidebar__' },
    },
    background: { scripts: ['src/background/background-page.ts'], type: 'module' },
    browser_specific_settings: {
      // No data leaves the browser (except model downloads the user starts): declared for AMO.
      gecko: { id: 'attention-lens@attention-lens.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      // Firefox for Android knows data_collection_permissions from 142 (web-ext lint warns on a lower minimum).
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}

const manifest = {
  ...(firefox ? firefoxManifest(baseManifest) : baseManifest),
  version: pkg.version, // one source: package.json (manifest.json has no version field)
  ...(automation ? { host_permissions: ['http://127.0.0.1/*'] } : {}),
} as unknown as ManifestV3Export;

// LICENSE.txt, THIRD_PARTY_NOTICES.txt (from the modules this build bundles, the nested content-script builds'
// included) and privacy.html, in every build.
// (The manifest's name is a message, __MSG_app_name__: the files name the product in English.)
const release = releaseFiles({ product: enMessages.app_name.message, version: pkg.version });

const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

/** Copies the bundled models into the extension (models/<id>/…, the Hub's file layout). */
function copyRuntimeFiles(): Plugin {
  return {
    name: 'attention-lens-copy-runtime-files',
    apply: 'build',
    generateBundle() {
      const emit = (fileName: string, path: string) => this.emitFile({ type: 'asset', fileName, source: readFileSync(path) });
      for (const dir of readdirSync('models')) {
        if (!statSync(join('models', dir)).isDirectory() || !existsSync(join('models', dir, 'config.json'))) continue;
        for (const f of MODEL_FILES) {
          const p = join('models', dir, f);
          if (existsSync(p)) emit(relative('.', p), p);
        }
      }
    },
  };
}

/**
 * The content script as one self-contained classic script (content.js), injected with scripting.executeScript.
 * Not a module with a dynamic-import loader: those chunks would have to be web-accessible, and any page could
 * then fetch them to detect the extension.
 */
function contentScriptBundle(): Plugin {
  return {
    name: 'attention-lens-content-script',
    apply: 'build',
    async generateBundle() {
      const out = await build({
        configFile: false,
        logLevel: 'warn',
        define: { __AL_FIREFOX__: JSON.stringify(firefox) },
        build: {
          write: false,
          target: firefox ? 'firefox128' : 'chrome120',
          minify: true,
          lib: { entry: 'src/content/content-script.ts', formats: ['iife'], name: 'attentionLensContent', fileName: () => CONTENT_SCRIPT_FILE },
        },
      });
      const outputs = (Array.isArray(out) ? out : [out]) as Array<{
        output: Array<{ type: string; code?: string; modules?: Record<string, { renderedLength: number }> }>;
      }>;
      const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
      release.addModules(chunk?.modules);
      if (!chunk?.code) throw new Error('content script bundle is empty');
      this.emitFile({ type: 'asset', fileName: CONTENT_SCRIPT_FILE, source: chunk.code });
    },
  };
}

/**
 * readable.js (src/content/readable-text.ts, with Mozilla's Readability): injected only when the user profiles a
 * page. A classic script whose last statement is its result, which scripting.executeScript returns.
 */
function readableTextBundle(): Plugin {
  return {
    name: 'attention-lens-readable-text',
    apply: 'build',
    async generateBundle() {
      const out = await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          write: false,
          target: firefox ? 'firefox128' : 'chrome120',
          minify: true,
          lib: { entry: 'src/content/readable-text.ts', formats: ['iife'], name: 'attentionLensReadable', fileName: () => READABLE_SCRIPT_FILE },
        },
      });
      const outputs = (Array.isArray(out) ? out : [out]) as Array<{
        output: Array<{ type: string; code?: string; modules?: Record<string, { renderedLength: number }> }>;
      }>;
      const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
      release.addModules(chunk?.modules);
      if (!chunk?.code) throw new Error('readable-text bundle is empty');
      this.emitFile({ type: 'asset', fileName: READABLE_SCRIPT_FILE, source: `${chunk.code}\nattentionLensReadable;\n` });
    },
  };
}

export default defineConfig({
  plugins: [preact(), crx({ manifest, browser: firefox ? 'firefox' : 'chrome' }), copyRuntimeFiles(), contentScriptBundle(), readableTextBundle(), release],
  publicDir: 'public',
  define: { __AL_FIREFOX__: JSON.stringify(firefox) },
  build: {
    outDir: `dist${firefox ? '-firefox' : ''}${automation ? '-automation' : ''}`,
    emptyOutDir: true,
    target: firefox ? 'firefox128' : 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        ...(firefox ? {} : { offscreen: 'src/offscreen/offscreen.html' }),
        overlay: 'src/overlay/overlay.html',
        // Chrome's side panel (manifest side_panel) and Firefox's sidebar (sidebar_action) show this page.
        sidepanel: 'src/sidepanel/sidepanel.html',
      },
    },
  },
});
