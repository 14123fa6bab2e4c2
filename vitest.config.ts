import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    // Forks, not threads: wx-server-sdk reads identity from process.env, so each file gets its own process.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
