import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Property tests run thousands of cases; give them room on a 2-core machine.
    testTimeout: 60_000,
    // Golden files are never written by a test run: a missing one fails like a changed one. They are written only
    // by `npm run goldens` (vitest run -u), so that every change to one shows in review.
    update: "none",
  },
});
