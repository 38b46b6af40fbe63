// Unit tests that exercise src/core, for mutation testing (npm run test:mutation, stryker.config.mjs).
// Left out, because they run the shipped model for minutes once src/core is instrumented, and check the
// model rather than src/core's logic, which the other tests cover on small fixtures:
//   model-card.test.ts (recomputes the card's head table over held-out text) and
//   reference-real-model.test.ts (the TypeScript forward pass of the whole model; reference-bert-fixtures
//   runs the same code on small generated BERTs).
import { defineConfig } from 'vitest/config';

// A run scoped to src/core/tokens (STRYKER_SCOPE=tokens) runs only the tests that import it, directly or through
// src/engine/tokenizer.ts: a static mutant (module-level code) reruns the whole test set, so a smaller set is what makes
// the 600 static mutants of the tokenizer tables affordable. Fewer tests can only kill fewer mutants, never more.
const tokensOnly = process.env.STRYKER_SCOPE === 'tokens';
// STRYKER_TESTS=tests/unit/a.test.ts,tests/unit/b.test.ts: only these tests — a fast LOWER BOUND of the score (the whole
// set can only kill more), for working on one file's survivors
const only = process.env.STRYKER_TESTS?.split(',').filter(Boolean);
const tokensTests = [
  'tests/unit/tokens-*.test.ts',
  'tests/unit/long-text.test.ts',
  'tests/unit/sentence-boundaries.test.ts',
  'tests/unit/windows-stats.test.ts',
  'tests/unit/engine-pack.test.ts',
];

export default defineConfig({
  test: {
    include: only?.length
      ? only
      : tokensOnly
        ? tokensTests
        : [
            'tests/unit/attention-*.test.ts',
            'tests/unit/cache-*.test.ts',
            'tests/unit/engine-pack.test.ts',
            // the long-text, windows, research and float16 logic in src/core/attention and src/core/tokens
            'tests/unit/float16.test.ts',
            'tests/unit/long-text.test.ts',
            'tests/unit/research-tools.test.ts',
            'tests/unit/windows-stats.test.ts',
            'tests/unit/model-config.test.ts',
            'tests/unit/npz.test.ts',
            'tests/unit/onnx-*.test.ts',
            // the ONNX reading of real Hub layouts (float16 graphs, the fixture models): src/core/onnx
            'tests/unit/hub-float16-graph.test.ts',
            'tests/unit/hub-fixtures.test.ts',
            'tests/unit/prepare-model.test.ts',
            'tests/unit/reference-bert-fixtures.test.ts',
            'tests/unit/reference-mlm-head.test.ts',
            'tests/unit/reference-weights-mutants.test.ts',
            'tests/unit/sentence-boundaries.test.ts',
            'tests/unit/text-*.test.ts',
            'tests/unit/tokens-*.test.ts',
            'tests/unit/views-logic.test.tsx',
          ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // the seeded token fuzz tests run fewer inputs per mutant (see tokens-fuzz.test.ts)
    env: { AL_MUTATION: '1' },
  },
});
