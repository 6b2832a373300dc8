import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["bridge/**/*.test.ts"],
    globalSetup: ["bridge/test/globalSetup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
