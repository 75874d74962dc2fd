import { dirname } from "node:path";
import { CALLING_SERVICES, OPERATOR_NAME, type PlatformSecrets, publicKeys, publicPart } from "./secrets";

export const SERVICE_NAMES = ["identity", "sandbox-bank", "account", "bank-link", "payment"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** How one platform instance is wired: where each process listens and what it shares. */
export interface Wiring {
  addresses: Record<ServiceName, string>;
  storeUri: string;
  /** Prefix of every database name, so several platforms can share one store. */
  databasePrefix: string;
  secrets: PlatformSecrets;
}

const PACKAGE_OF: Record<ServiceName, string> = {
  identity: "@wallet/identity",
  account: "@wallet/account",
  "bank-link": "@wallet/bank-link",
  payment: "@wallet/payment",
  "sandbox-bank": "@wallet/sandbox-bank",
};

/** The folder of a service's package (its dist/main.js is the process entry). */
export function serviceDirectory(name: ServiceName): string {
  return dirname(require.resolve(`${PACKAGE_OF[name]}/package.json`));
}

/** The environment a service process starts with: its own database, its peers, its keys. */
export function environmentFor(name: ServiceName, wiring: Wiring): Record<string, string> {
  const { addresses, secrets } = wiring;
  const [host, port] = splitAddress(addresses[name]);
  const common = {
    GRPC_HOST: host,
    GRPC_PORT: port,
    MONGODB_URI: wiring.storeUri,
    MONGODB_DATABASE: `${wiring.databasePrefix}${name.replace("-", "_")}`,
    WALLET_PROFILE: "dev",
    OTEL_SERVICE_NAME: name,
  };
  const signingKey = (service: string) => JSON.stringify(secrets.serviceKeys[service]);
  const pii = {
    PII_ENCRYPTION_KEYS: JSON.stringify(secrets.piiEncryptionKeys),
    PII_ACTIVE_KEY_ID: secrets.piiActiveKeyId,
    PII_INDEX_KEY: secrets.piiIndexKey,
  };
  switch (name) {
    case "identity":
      return {
        ...common,
        ...pii,
        TRUSTED_SERVICE_KEYS: JSON.stringify(publicKeys(secrets, CALLING_SERVICES)),
        TRUSTED_OPERATOR_KEYS: JSON.stringify({ [OPERATOR_NAME]: publicPart(secrets.operatorKey) }),
        // Local runs and tests have no edge proxy; the harness sets the client address itself.
        TRUST_FORWARDED_FOR: "true",
      };
    case "sandbox-bank":
      return {
        ...common,
        TRUSTED_SERVICE_KEYS: JSON.stringify(publicKeys(secrets, ["bank-link"])),
        SANDBOX_ADMIN_TOKEN: secrets.sandboxAdminToken,
        PII_ENCRYPTION_KEYS: JSON.stringify(secrets.sandboxBankKeys.piiEncryptionKeys),
        PII_ACTIVE_KEY_ID: secrets.sandboxBankKeys.piiActiveKeyId,
        PII_INDEX_KEY: secrets.sandboxBankKeys.piiIndexKey,
      };
    case "account":
      return { ...common, IDENTITY_ADDRESS: addresses.identity, SERVICE_SIGNING_KEY: signingKey("account") };
    case "bank-link":
      return {
        ...common,
        IDENTITY_ADDRESS: addresses.identity,
        SANDBOX_BANK_ADDRESS: addresses["sandbox-bank"],
        SERVICE_SIGNING_KEY: signingKey("bank-link"),
        ...pii,
      };
    case "payment":
      return {
        ...common,
        IDENTITY_ADDRESS: addresses.identity,
        ACCOUNT_ADDRESS: addresses.account,
        BANK_LINK_ADDRESS: addresses["bank-link"],
        SERVICE_SIGNING_KEY: signingKey("payment"),
      };
  }
}

function splitAddress(address: string): [string, string] {
  const index = address.lastIndexOf(":");
  return [address.slice(0, index), address.slice(index + 1)];
}
