import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";

/** The secrets one platform instance needs: service keys, data keys, tokens. */
export interface PlatformSecrets {
  /** Private Ed25519 JWK per calling service (their service assertions). */
  serviceKeys: Record<string, JWK>;
  /** Private Ed25519 JWK of the operator tools (walletctl admin, the test harness). */
  operatorKey: JWK;
  /** HMAC key of blind indexes (base64, 32 bytes). */
  piiIndexKey: string;
  /** AES-256-GCM keys encrypting personal data at rest, by key id (base64, 32 bytes each). */
  piiEncryptionKeys: Record<string, string>;
  piiActiveKeyId: string;
  sandboxAdminToken: string;
  /** The sandbox bank's own data keys: a bank never shares keys with the wallet platform. */
  sandboxBankKeys: { piiEncryptionKeys: Record<string, string>; piiActiveKeyId: string; piiIndexKey: string };
}

export const CALLING_SERVICES = ["account", "bank-link", "payment"] as const;

export async function generateSecrets(): Promise<PlatformSecrets> {
  const serviceKeys: Record<string, JWK> = {};
  for (const service of CALLING_SERVICES) {
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    serviceKeys[service] = await exportJWK(privateKey);
  }
  const { privateKey: operatorKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  return {
    serviceKeys,
    operatorKey: await exportJWK(operatorKey),
    piiIndexKey: randomBytes(32).toString("base64"),
    piiEncryptionKeys: { k1: randomBytes(32).toString("base64") },
    piiActiveKeyId: "k1",
    sandboxAdminToken: randomBytes(24).toString("base64url"),
    sandboxBankKeys: { piiEncryptionKeys: { b1: randomBytes(32).toString("base64") }, piiActiveKeyId: "b1", piiIndexKey: randomBytes(32).toString("base64") },
  };
}

export function publicKeys(secrets: PlatformSecrets, services: readonly string[]): Record<string, JWK> {
  return Object.fromEntries(services.map((service) => [service, publicPart(secrets.serviceKeys[service] ?? {})]));
}

/** The name operator tools sign their assertions with. */
export const OPERATOR_NAME = "operator";

export function publicPart(jwk: JWK): JWK {
  const { d: _private, ...publicJwk } = jwk;
  return publicJwk;
}
