// Mutation testing of the pure logic in src/core with StrykerJS and the vitest runner.
//   npm run test:mutation                          # all of src/core (long: run it in the background)
// Reports: artifacts/mutation/<scope>/index.html and mutation.json (artifacts/ is not committed).
// Not part of `npm test`: a full run takes far longer than the rest of the suite.
//   STRYKER_SCOPE=tokens,npz npm run test:mutation -- --incremental   # some folders; reports per scope;
//                                                   # --incremental re-tests only what changed since
const scope = process.env.STRYKER_SCOPE?.split(',').filter(Boolean) ?? [];
// STRYKER_FILES=pipeline,align (with one STRYKER_SCOPE folder): only those files, so one folder can run in parallel
// halves (separate worktrees: the temp folder is fixed); reports go to artifacts/mutation/<scope>-<files>/
const files = process.env.STRYKER_FILES?.split(',').filter(Boolean) ?? [];
const name = (scope.length ? scope.join('+') : 'core') + (files.length ? `-${files.join('+')}` : '');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: [
    ...(files.length && scope.length === 1
      ? files.map((f) => `src/core/${scope[0]}/${f}.ts`)
      : scope.length
        ? scope.map((f) => `src/core/${f}/**/*.ts`)
        : ['src/core/**/*.ts']),
    // re-export barrel only
    '!src/core/npz/index.ts',
  ],
  incrementalFile: `artifacts/mutation/${name}/incremental.json`,
  coverageAnalysis: 'perTest',
  // STRYKER_IGNORE_STATIC=1: skip module-level mutants (each reruns every test); they are reported as Ignored
  ignoreStatic: process.env.STRYKER_IGNORE_STATIC === '1',
  concurrency: 1,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `artifacts/mutation/${name}/index.html` },
  jsonReporter: { fileName: `artifacts/mutation/${name}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  tempDirName: 'artifacts/stryker-tmp',
  cleanTempDir: true,
  // The sandbox needs sources, tests, fixtures and the bundled model; not builds, training data or docs.
  ignorePatterns: ['dist', 'dist-automation', 'dist-firefox', 'dist-firefox-automation', 'artifacts', 'docs', 'models/train', 'models/generated', '*.log'],
  thresholds: { high: 90, low: 75, break: null },
};
