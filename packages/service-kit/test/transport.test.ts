import "reflect-metadata"; // @peculiar/x509 needs it (its dependency injection), and only this test uses it
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChannelCredentials, Client, type ServiceError, status } from "@grpc/grpc-js";
import * as x509 from "@peculiar/x509";
import { SandboxBankAdminServiceService } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { service as healthService } from "grpc-health-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logging/logger";
import { hosted, listenOptions, type ServiceRuntime, startServer } from "../src/server/grpc-server";
import { channelCredentials, serverCredentials } from "../src/transport";

// Certificates made here, by a CA of the test's own, as cert-manager makes them in production:
// every service's certificate is both its server and its client identity.
x509.cryptoProvider.set(webcrypto);
const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const HOUR = 60 * 60_000;

interface Authority { keys: webcrypto.CryptoKeyPair; certificate: x509.X509Certificate }

async function authority(name: string): Promise<Authority> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + HOUR),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  return { keys, certificate };
}

async function identityFrom(ca: Authority, name: string): Promise<{ cert: string; key: string }> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: "02",
    subject: `CN=${name}`,
    issuer: ca.certificate.subject,
    notBefore: new Date(Date.now() - HOUR),
    notAfter: new Date(Date.now() + HOUR),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: name }, { type: "ip", value: "127.0.0.1" }]),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const key = x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  return { cert: certificate.toString("pem"), key };
}

const directory = mkdtempSync(join(tmpdir(), "wallet-mtls-"));
function tlsConfig(name: string, ca: Authority, identity: { cert: string; key: string }) {
  const file = (suffix: string, content: string) => {
    const path = join(directory, `${name}.${suffix}`);
    writeFileSync(path, content);
    return path;
  };
  return { WALLET_PROFILE: "production" as const, TLS_CA_FILE: file("ca.crt", ca.certificate.toString("pem")), TLS_CERT_FILE: file("tls.crt", identity.cert), TLS_KEY_FILE: file("tls.key", identity.key) };
}

/** grpc.health.v1.Health/Check over the given channel security: the status, or the error code. */
function healthOf(address: string, credentials: ChannelCredentials): Promise<string> {
  const check = healthService["Check"]!;
  const client = new Client(address, credentials);
  return new Promise((resolve) => {
    client.makeUnaryRequest(check.path, check.requestSerialize, check.responseDeserialize, { service: "" }, { deadline: Date.now() + 3_000 }, (error: ServiceError | null, response?: unknown) => {
      client.close();
      resolve(error ? status[error.code] : String((response as { status: string }).status));
    });
  });
}

let platformCa: Authority;
let platformClient: ReturnType<typeof tlsConfig>;
let runtime: ServiceRuntime;
let releaseSlowCall!: () => void;
const slowCallReleased = new Promise<void>((resolve) => (releaseSlowCall = resolve));

beforeAll(async () => {
  platformCa = await authority("wallet internal CA");
  const serverConfig = tlsConfig("account", platformCa, await identityFrom(platformCa, "account"));
  platformClient = tlsConfig("payment", platformCa, await identityFrom(platformCa, "payment"));
  runtime = await startServer({
    serviceName: "test",
    ...listenOptions({ ...serverConfig, GRPC_HOST: "127.0.0.1", GRPC_PORT: 0, SHUTDOWN_GRACE_MS: 5_000, HEALTH_PORT: 0 }),
    logger: createLogger("test", "silent"),
    interceptors: [],
    services: [hosted("wallet.sandboxbank.v1.SandboxBankAdminService", SandboxBankAdminServiceService, {
      openBank: async () => {
        await slowCallReleased;
        return {};
      },
      openAccount: () => Promise.resolve({ accountId: "bac_1" }),
      getAccount: () => Promise.resolve({ balance: { currency: "JPY", minorUnits: 1n }, consents: [] }),
      listMovements: () => Promise.resolve({ movements: [] }),
      listOutboxMessages: () => Promise.resolve({ messages: [] }),
    })],
  });
});
afterAll(async () => {
  releaseSlowCall();
  await runtime?.shutdown("test over");
  rmSync(directory, { recursive: true, force: true });
});

describe("the production transport (mutual TLS)", () => {
  it("refuses to start without its certificate files", () => {
    expect(() => serverCredentials({ WALLET_PROFILE: "production" })).toThrow(/TLS_CA_FILE/);
    expect(() => channelCredentials({ WALLET_PROFILE: "production" })).toThrow(/TLS_CA_FILE/);
  });

  it("answers a caller holding a certificate of the platform's CA", async () => {
    runtime.markServing();
    expect(await healthOf(runtime.address, channelCredentials(platformClient))).toBe("SERVING");
  });

  it("refuses a caller without a client certificate, with one another CA signed, and in plaintext", async () => {
    const stranger = await authority("someone else's CA");
    const strangerClient = tlsConfig("stranger", stranger, await identityFrom(stranger, "payment"));
    // The stranger trusts the platform's CA, so only its own certificate can be what fails.
    const strangerIdentity = await identityFrom(stranger, "payment");
    const strangerTrustingPlatform = ChannelCredentials.createSsl(Buffer.from(platformCa.certificate.toString("pem")), Buffer.from(strangerIdentity.key), Buffer.from(strangerIdentity.cert));
    expect(await healthOf(runtime.address, ChannelCredentials.createSsl(Buffer.from(platformCa.certificate.toString("pem"))))).toBe("UNAVAILABLE");
    expect(await healthOf(runtime.address, strangerTrustingPlatform)).toBe("UNAVAILABLE");
    expect(await healthOf(runtime.address, channelCredentials(strangerClient))).toBe("UNAVAILABLE");
    expect(await healthOf(runtime.address, ChannelCredentials.createInsecure())).toBe("UNAVAILABLE");
  });
});

describe("the plaintext health port", () => {
  it("answers grpc.health.v1 without a certificate, and nothing else", async () => {
    const address = runtime.healthAddress!;
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(address).not.toBe(runtime.address);
    expect(await healthOf(address, ChannelCredentials.createInsecure())).toBe("SERVING");
    const client = new Client(address, ChannelCredentials.createInsecure());
    const method = SandboxBankAdminServiceService.getAccount;
    const code = await new Promise<number>((resolve) => {
      client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, { bankCode: "0001", branchCode: "001", accountNumber: "1234567" }, { deadline: Date.now() + 3_000 }, (error: ServiceError | null) => resolve(error?.code ?? status.OK));
    });
    client.close();
    expect(status[code]).toBe("UNIMPLEMENTED");
  });

  it("reports NOT_SERVING while the server drains, then closes with it", async () => {
    const caller = new Client(runtime.address, channelCredentials(platformClient));
    const method = SandboxBankAdminServiceService.openBank;
    const slowCall = new Promise<number>((resolve) => {
      caller.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, { bankCode: "0009", name: "slow", branches: [] }, { deadline: Date.now() + 5_000 }, (error: ServiceError | null) => resolve(error?.code ?? status.OK));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = runtime.shutdown("SIGTERM");
    expect(await healthOf(runtime.healthAddress!, ChannelCredentials.createInsecure())).toBe("NOT_SERVING");
    releaseSlowCall();
    expect(status[await slowCall]).toBe("OK");
    caller.close();
    await stopping;
    expect(await healthOf(runtime.healthAddress!, ChannelCredentials.createInsecure())).toBe("UNAVAILABLE");
  });
});
