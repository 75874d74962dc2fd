import { walletVitestConfig } from "@wallet/vitest-config";

export default walletVitestConfig();
