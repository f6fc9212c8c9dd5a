import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{db,core,cli,electron,renderer,scripts,bench}/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'e2e/**'],
    pool: 'forks',
    globalSetup: ['scripts/vitest-setup.js'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
