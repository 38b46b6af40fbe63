import { defineConfig } from 'vitest/config';

// Tests that drive the built extension in real Chromium but need TypeScript modules (the reference
// forward pass). tests/browser/run.mjs builds dist-automation/ first, then runs these.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
