import { walletConfig } from "@wallet/eslint-config";

export default walletConfig({ tsconfigRootDir: import.meta.dirname });
