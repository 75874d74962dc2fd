import { readFileSync } from "node:fs";
import { ChannelCredentials } from "@grpc/grpc-js";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { BankLinkServiceService } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { IdentityServiceService } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { PaymentServiceService } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { createClient, type PromiseClient, ServiceIdentity } from "@wallet/service-kit";
import { type JWK } from "jose";
import { type Addresses } from "./addresses";
import { CliError } from "./errors";

/** The name the platform's identity service trusts operator tools under (TRUSTED_OPERATOR_KEYS). */
export const OPERATOR_NAME = "operator";

export interface WalletClients {
  identity: PromiseClient<typeof IdentityServiceService>;
  account: PromiseClient<typeof AccountServiceService>;
  bankLink: PromiseClient<typeof BankLinkServiceService>;
  payment: PromiseClient<typeof PaymentServiceService>;
  close(): void;
}

export interface ClientSettings {
  addresses: Addresses;
  /** Every call's deadline. */
  deadlineMs: number;
  credentials?: ChannelCredentials;
  /** Calls as the operator tool (signed operator assertion) when set. */
  operator?: ServiceIdentity;
}

/**
 * Typed clients of the platform's services, built with the service kit's client factory: a
 * deadline on every call, the user's token and step-up proof as headers, and failures as
 * RemoteErrors carrying the status, reason and field violations.
 */
export function createWalletClients(settings: ClientSettings): WalletClients {
  const credentials = settings.credentials ?? transportCredentials();
  const make = <Definition extends Parameters<typeof createClient>[0]>(definition: Definition, audience: keyof Addresses) =>
    createClient(definition, {
      address: settings.addresses[audience],
      audience,
      credentials,
      defaultDeadlineMs: settings.deadlineMs,
      identity: settings.operator,
    });
  const clients = {
    identity: make(IdentityServiceService, "identity"),
    account: make(AccountServiceService, "account"),
    bankLink: make(BankLinkServiceService, "bank-link"),
    payment: make(PaymentServiceService, "payment"),
  };
  return { ...clients, close: () => Object.values(clients).forEach((client) => client.close()) };
}

/**
 * Plaintext for the dev profile (what `npm run up` and the tests run); mutual TLS when
 * WALLETCTL_TLS_CA_FILE (and WALLETCTL_TLS_CERT_FILE / WALLETCTL_TLS_KEY_FILE) are set.
 */
export function transportCredentials(env: NodeJS.ProcessEnv = process.env): ChannelCredentials {
  const ca = env["WALLETCTL_TLS_CA_FILE"];
  if (!ca) return ChannelCredentials.createInsecure();
  const cert = env["WALLETCTL_TLS_CERT_FILE"];
  const key = env["WALLETCTL_TLS_KEY_FILE"];
  return ChannelCredentials.createSsl(readFileSync(ca), key ? readFileSync(key) : null, cert ? readFileSync(cert) : null);
}

/**
 * The operator's private key: a JWK file, or the `.local/dev-secrets.json` that `npm run up`
 * writes (its `operatorKey`).
 */
export async function loadOperatorIdentity(file: string): Promise<ServiceIdentity> {
  let parsed: { operatorKey?: JWK } & JWK;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as { operatorKey?: JWK } & JWK;
  } catch (error) {
    throw new CliError(`cannot read the operator key file ${file}: ${(error as NodeJS.ErrnoException).code ?? "not JSON"} (set --operator-key-file or WALLETCTL_OPERATOR_KEY_FILE)`);
  }
  const jwk = parsed.operatorKey ?? parsed;
  if (jwk.kty !== "OKP" || typeof jwk.d !== "string") throw new CliError(`the operator key file ${file} holds no private Ed25519 JWK`);
  return ServiceIdentity.fromJwk(OPERATOR_NAME, jwk);
}
