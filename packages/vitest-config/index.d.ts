import { type ViteUserConfig } from "vitest/config";

export function walletVitestConfig(overrides?: ViteUserConfig): ViteUserConfig;
