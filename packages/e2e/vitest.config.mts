import { createRequire } from "node:module";
import { walletVitestConfig } from "@wallet/vitest-config";

const require = createRequire(import.meta.url);

export default walletVitestConfig({
  test: {
    globalSetup: [require.resolve("@wallet/local-store/test-store")],
    // Each file starts its own five processes; running files one at a time keeps a two-core
    // machine from turning timing into flakiness.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
