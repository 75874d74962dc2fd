import { createRequire } from "node:module";
import { walletVitestConfig } from "@wallet/vitest-config";

const require = createRequire(import.meta.url);

export default walletVitestConfig({
  test: {
    globalSetup: [require.resolve("@wallet/local-store/test-store")],
    // The pruned build installs and compiles a workspace of its own; keep it off the other files' cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
