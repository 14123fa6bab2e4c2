import { defineConfig } from 'vitest/config';

/** The browser tests: real headless Chromium against the dev server with the preview (`npm run test:browser`). */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    // One process: the tests share one dev server and one browser; wx-server-sdk reads identity from process.env.
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
