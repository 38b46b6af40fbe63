// Builds the views screenshot harness (tests/views-harness/index.html: AttentionPanel on synthetic tensors) into
// artifacts/harness/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./tests/views-harness'),
  base: './',
  plugins: [preact()],
  logLevel: 'warn',
  build: {
    outDir: here('./artifacts/harness'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
});
