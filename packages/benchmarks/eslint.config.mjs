import { walletConfig } from "@wallet/eslint-config";

// The benchmarks are a command-line report: printing is their output.
export default walletConfig({ tsconfigRootDir: import.meta.dirname, allowConsole: true });
