import { readFileSync } from "node:fs";
import { ChannelCredentials, ServerCredentials } from "@grpc/grpc-js";
import { z } from "zod";

/**
 * Channel security. The production profile requires TLS with client certificates on every
 * channel (mutual TLS between services); plaintext is only possible in the explicit dev
 * profile, which local runs and tests select.
 */
export const transportEnvironment = {
  WALLET_PROFILE: z.enum(["dev", "production"]).default("production"),
  TLS_CA_FILE: z.string().optional(),
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
};

export interface TransportConfig {
  WALLET_PROFILE: "dev" | "production";
  TLS_CA_FILE?: string | undefined;
  TLS_CERT_FILE?: string | undefined;
  TLS_KEY_FILE?: string | undefined;
}

interface TlsFiles { ca: Buffer; cert: Buffer; key: Buffer }

function tlsFiles(config: TransportConfig): TlsFiles | undefined {
  if (config.WALLET_PROFILE === "dev" && !config.TLS_CA_FILE) return undefined;
  if (!config.TLS_CA_FILE || !config.TLS_CERT_FILE || !config.TLS_KEY_FILE) {
    throw new Error("the production profile needs TLS_CA_FILE, TLS_CERT_FILE and TLS_KEY_FILE (mutual TLS); set WALLET_PROFILE=dev for plaintext on a developer machine");
  }
  return { ca: readFileSync(config.TLS_CA_FILE), cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE) };
}

export function serverCredentials(config: TransportConfig): ServerCredentials {
  const files = tlsFiles(config);
  if (!files) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(files.ca, [{ cert_chain: files.cert, private_key: files.key }], true);
}

export function channelCredentials(config: TransportConfig): ChannelCredentials {
  const files = tlsFiles(config);
  if (!files) return ChannelCredentials.createInsecure();
  return ChannelCredentials.createSsl(files.ca, files.key, files.cert);
}
