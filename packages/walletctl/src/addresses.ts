/** The platform's processes walletctl talks to, and where `npm run up` puts them. */
export const PLATFORM_SERVICES = ["identity", "sandbox-bank", "account", "bank-link", "payment"] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];
export type Addresses = Record<PlatformService, string>;

export const DEFAULT_ADDRESSES: Addresses = {
  identity: "127.0.0.1:50051",
  "sandbox-bank": "127.0.0.1:50052",
  account: "127.0.0.1:50053",
  "bank-link": "127.0.0.1:50054",
  payment: "127.0.0.1:50055",
};

/** WALLET_IDENTITY_ADDRESS, WALLET_SANDBOX_BANK_ADDRESS, ... */
export function addressVariable(service: PlatformService): string {
  return `WALLET_${service.toUpperCase().replace(/-/g, "_")}_ADDRESS`;
}

/** The --identity-address, --bank-link-address, ... flag of a service. */
export function addressFlag(service: PlatformService): string {
  return `--${service}-address`;
}

/**
 * Each address from, in order: the command-line flag, the environment, the profile file, the
 * development default.
 */
export function resolveAddresses(
  flags: Partial<Record<PlatformService, string | undefined>>,
  env: NodeJS.ProcessEnv,
  saved: Partial<Record<PlatformService, string>> = {},
): Addresses {
  const result = { ...DEFAULT_ADDRESSES };
  for (const service of PLATFORM_SERVICES) {
    result[service] = flags[service] ?? env[addressVariable(service)] ?? saved[service] ?? DEFAULT_ADDRESSES[service];
  }
  return result;
}
