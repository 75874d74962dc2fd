import { defineConfig, mergeConfig } from "vitest/config";

/**
 * Every package's vitest config starts here: tests under test/, and a JSON report in
 * .test-results/ that the root test command sums (a run in which no test ran fails).
 */
export function walletVitestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["test/**/*.test.ts"],
        reporters: ["default", "json"],
        outputFile: { json: ".test-results/results.json" },
        testTimeout: 30_000,
      },
    }),
    overrides,
  );
}
