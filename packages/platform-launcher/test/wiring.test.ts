import { describe, expect, it } from "vitest";
import { formatLogLine } from "../src/log-format";
import { generateSecrets, publicKeys } from "../src/secrets";
import { environmentFor, SERVICE_NAMES, type Wiring } from "../src/service-catalog";

describe("platform wiring", () => {
  it("gives each process its own database, its peers' addresses and only the keys it needs", async () => {
    const wiring: Wiring = {
      addresses: { identity: "127.0.0.1:1", "sandbox-bank": "127.0.0.1:2", account: "127.0.0.1:3", "bank-link": "127.0.0.1:4", payment: "127.0.0.1:5" },
      storeUri: "mongodb://127.0.0.1:9/",
      databasePrefix: "t_",
      secrets: await generateSecrets(),
    };
    const databases = SERVICE_NAMES.map((name) => environmentFor(name, wiring)["MONGODB_DATABASE"]);
    expect(new Set(databases).size).toBe(SERVICE_NAMES.length);
    expect(environmentFor("payment", wiring)).toMatchObject({ ACCOUNT_ADDRESS: "127.0.0.1:3", BANK_LINK_ADDRESS: "127.0.0.1:4", GRPC_PORT: "5" });

    const trusted = JSON.parse(environmentFor("identity", wiring)["TRUSTED_SERVICE_KEYS"]!) as Record<string, { d?: string }>;
    expect(Object.keys(trusted).sort()).toEqual(["account", "bank-link", "payment"]);
    expect(Object.values(trusted).every((key) => key.d === undefined)).toBe(true);
    const bankTrusts = JSON.parse(environmentFor("sandbox-bank", wiring)["TRUSTED_SERVICE_KEYS"]!) as Record<string, unknown>;
    expect(Object.keys(bankTrusts)).toEqual(["bank-link"]);
    // The bank keeps its customers' data under keys of its own, never the platform's.
    expect(environmentFor("sandbox-bank", wiring)["PII_INDEX_KEY"]).not.toBe(environmentFor("bank-link", wiring)["PII_INDEX_KEY"]);
    expect(environmentFor("sandbox-bank", wiring)["PII_ENCRYPTION_KEYS"]).not.toBe(environmentFor("bank-link", wiring)["PII_ENCRYPTION_KEYS"]);
    expect(publicKeys(wiring.secrets, ["payment"])["payment"]).not.toHaveProperty("d");
  });

  it("formats JSON log lines readably with the process name", () => {
    const line = formatLogLine("payment", JSON.stringify({ level: "info", time: "2026-11-25T01:02:03.000Z", service: "payment", msg: "call", code: "OK" }), false);
    expect(line).toBe("01:02:03 payment      info  call code=OK");
    expect(formatLogLine("identity", "not json", false)).toBe("identity     not json");
  });
});
