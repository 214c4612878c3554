import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// A loaded machine (2 cores shared with other work) must make the run slower, never fail it:
// - tests run in child processes (forks), at most one per spare core (LATO_TEST_WORKERS overrides);
// - generous timeouts: a test or hook may take 3 minutes, a worker 1 minute to shut down;
// - tests that run lato for long use the async helper (runLato in test/helpers.ts): a worker
//   blocked in spawnSync cannot answer vitest's messages, whose 60 s limit is not configurable
//   ("Timeout calling onTaskUpdate" although every test passed).
const workers = Number(process.env.LATO_TEST_WORKERS) || Math.min(4, Math.max(1, availableParallelism() - 1));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { minForks: 1, maxForks: workers } },
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
