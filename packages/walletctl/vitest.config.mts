import { createRequire } from "node:module";
import { walletVitestConfig } from "@wallet/vitest-config";

const require = createRequire(import.meta.url);

export default walletVitestConfig({
  test: {
    globalSetup: [require.resolve("@wallet/local-store/test-store")],
    // One platform per file; files one at a time so two cores are not fought over.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
