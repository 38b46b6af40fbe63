// Unit tests that exercise src/core, for mutation testing (npm run test:mutation, stryker.config.mjs).
// The model-card test is left out: it recomputes the card's head table over held-out text (~2 minutes)
// and checks the shipped model, not src/core's logic, which the other tests cover.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/attention-*.test.ts',
      'tests/unit/engine-pack.test.ts',
      'tests/unit/hub-catalog.test.ts',
      'tests/unit/model-config.test.ts',
      'tests/unit/npz.test.ts',
      'tests/unit/onnx-*.test.ts',
      'tests/unit/prepare-model.test.ts',
      'tests/unit/reference-*.test.ts',
      'tests/unit/sentence-boundaries.test.ts',
      'tests/unit/tokens-*.test.ts',
      'tests/unit/views-logic.test.tsx',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
