import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// The server suite runs on an embedded PGlite always, and again on PostgreSQL when DATABASE_URL
// is set (as in CI): one set of migrations and queries must hold on both.
const serverProject = (name: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
  test: {
    name,
    include: ['server/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    env: { MESHWORK_TEST_DB: name },
    sequence: { groupOrder: 0 },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      serverProject('pglite'),
      ...(process.env.DATABASE_URL ? [serverProject('postgres')] : []),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // After the server suites, not beside them: a browser sharing two cores with two database
          // suites is slow enough to flake.
          sequence: { groupOrder: 1 },
          // A browser on a loaded two-core machine: what shows within a second usually, within ten always.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
