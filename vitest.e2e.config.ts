import { defineConfig } from 'vitest/config';

// Tests that drive the built extension in real Chromium (and the Firefox build in firefox-esr) but need
// TypeScript modules (the reference forward pass). They load the store packages (tests/browser/packaged.mjs):
// tests/browser/run.mjs runs `npm run package` first, then these.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    // WebSocket for the WebDriver BiDi client (global from Node 22; behind this flag on Node 20)
    execArgv: Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-websocket'] : [],
  },
});
