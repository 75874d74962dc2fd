import { join } from "node:path";

/** The repository root (this package lives in packages/deploy-checks). */
export const REPO_ROOT = join(__dirname, "..", "..", "..");

export const SERVICES = {
  identity: { packageName: "@wallet/identity", port: 50051 },
  "sandbox-bank": { packageName: "@wallet/sandbox-bank", port: 50052 },
  account: { packageName: "@wallet/account", port: 50053 },
  "bank-link": { packageName: "@wallet/bank-link", port: 50054 },
  payment: { packageName: "@wallet/payment", port: 50055 },
} as const;

export type ServiceName = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
