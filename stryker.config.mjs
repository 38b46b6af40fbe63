// Mutation testing of the pure logic in src/core with StrykerJS and the vitest runner.
//   npm run test:mutation                          # all of src/core (long: run it in the background)
//   npm run test:mutation -- --mutate 'src/core/tokens/**/*.ts'   # one folder
// Reports: artifacts/mutation/index.html and mutation.json (artifacts/ is not committed).
// Not part of `npm test`: a full run takes far longer than the rest of the suite.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: [
    'src/core/**/*.ts',
    // re-export barrels only
    '!src/core/npz/index.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'artifacts/mutation/index.html' },
  jsonReporter: { fileName: 'artifacts/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  tempDirName: 'artifacts/stryker-tmp',
  cleanTempDir: true,
  // The sandbox needs sources, tests, fixtures and the bundled model; not builds, training data or docs.
  ignorePatterns: [
    'dist',
    'dist-automation',
    'dist-firefox',
    'dist-firefox-automation',
    'artifacts',
    'docs',
    'models/train',
    'models/generated',
    '*.log',
  ],
  thresholds: { high: 90, low: 75, break: null },
};
