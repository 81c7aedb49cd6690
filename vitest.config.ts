import { defineConfig } from 'vitest/config';

// Pure rules run once; everything touching a database runs on SQLite and again on PostgreSQL;
// browser tests drive Debian's Chromium against a real server on the built web app.
const dbTests = ['src/**/*.api.test.ts', 'test/**/*.api.test.ts', 'reliability/**/*.api.test.ts'];
const browserTests = 'test/browser/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default on a 2-core machine is one file at a time (cores − 1), which leaves a core idle while
    // a file waits on PostgreSQL or the disk: two files at a time keep both busy.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'test/**/*.test.ts',
            'web/**/*.test.ts',
            'reliability/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          exclude: [...dbTests, browserTests],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: dbTests,
          env: { GONGZHI_TEST_DB: 'sqlite' },
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: dbTests,
          env: { GONGZHI_TEST_DB: 'postgres' },
          globalSetup: ['test/support/pg-cluster.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: [browserTests],
          env: { GONGZHI_TEST_DB: 'sqlite' },
          testTimeout: 90_000,
          // One browser at a time: two at once on two cores slowed antd's dropdowns enough for taps to land
          // on a closing one (care and people flows failed that way in a clean-clone run).
          maxWorkers: 1,
          // After the API suites, so Chromium does not compete with them for these two cores.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
