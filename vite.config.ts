import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import baseManifest from './manifest.json' with { type: 'json' };

// AL_AUTOMATION=1 builds dist-automation/ for headless tests and the demo: identical code, plus a host
// permission for 127.0.0.1, because automation cannot make the user gesture that grants activeTab.
const automation = process.env.AL_AUTOMATION === '1';

const manifest = {
  ...baseManifest,
  ...(automation ? { host_permissions: ['http://127.0.0.1/*'] } : {}),
} as unknown as ManifestV3Export;

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

export default defineConfig({
  plugins: [preact(), crx({ manifest }), copyRuntimeFiles()],
  publicDir: 'public',
  build: {
    outDir: automation ? 'dist-automation' : 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        offscreen: 'src/offscreen/offscreen.html',
        overlay: 'src/overlay/overlay.html',
      },
    },
  },
});
