import { createRequire } from "node:module";
import { walletVitestConfig } from "@wallet/vitest-config";

const require = createRequire(import.meta.url);

export default walletVitestConfig({ test: { globalSetup: [require.resolve("@wallet/local-store/test-store")] } });
