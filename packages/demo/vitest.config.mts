import { createRequire } from "node:module";
import { walletVitestConfig } from "@wallet/vitest-config";

const require = createRequire(import.meta.url);

export default walletVitestConfig({
  test: {
    globalSetup: [require.resolve("@wallet/local-store/test-store")],
    // Each file starts its own platform; one at a time keeps a two-core machine calm.
    fileParallelism: false,
    testTimeout: 150_000,
    hookTimeout: 120_000,
  },
});
