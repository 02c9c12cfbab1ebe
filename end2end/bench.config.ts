// Benchmarks in the browser, apart from the tests: `npx playwright test -c bench.config.ts`.
// They print their figures and assert nothing about speed. The same server (global setup) and
// the same system Chromium as the tests; one worker, so runs do not share the two cores.

import { defineConfig } from '@playwright/test';

import tests from './playwright.config';

export default defineConfig({
  ...tests,
  testDir: './bench',
  fullyParallel: false,
  workers: 1,
  timeout: 300_000,
  reporter: 'list',
  outputDir: './test-results/bench',
});
