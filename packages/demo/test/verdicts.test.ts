import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SILENT_REPORTER } from "../src/run-demo";
import { ScenarioRun } from "../src/scenario-run";
import { readSecretsFile } from "../src/secrets-file";

describe("layer verdicts", () => {
  it("reports an expected layer nobody judged as not reached, and lets one breach outweigh any hold", () => {
    const run = new ScenarioRun("example", SILENT_REPORTER);
    run.layer("BANK_ONE_TIME_CODE", "held", "first link");
    run.layer("BANK_ONE_TIME_CODE", "did not hold", "second link");
    run.layer("BANK_ONE_TIME_CODE", "held", "third link");
    const verdicts = run.verdictsFor(["BANK_ONE_TIME_CODE", "COOLING_OFF"]);
    expect(verdicts.map((verdict) => [verdict.id, verdict.status, verdict.evidence])).toEqual([
      ["BANK_ONE_TIME_CODE", "did not hold", "second link"],
      ["COOLING_OFF", "not reached", "an earlier layer stopped the attack first"],
    ]);
  });
});

describe("the secrets file", () => {
  const file = (content: string) => {
    const path = join(mkdtempSync(join(tmpdir(), "demo-secrets-")), "dev-secrets.json");
    writeFileSync(path, content);
    return path;
  };

  it("names the file and the missing field, and never repeats what the file holds", () => {
    expect(() => readSecretsFile("/nonexistent/dev-secrets.json")).toThrow("secrets file /nonexistent/dev-secrets.json: not found (start the platform with `npm run up` first)");
    const broken = file('{"sandboxAdminToken": "s3cret-token-value-123"');
    expect(() => readSecretsFile(broken)).toThrow(/^secrets file .*: not readable JSON$/);
    expect(() => readSecretsFile(file('{"sandboxAdminToken": "s3cret-token-value-123"}'))).toThrow(/operatorKey is missing/);
    expect(() => readSecretsFile(file('{"operatorKey": {"kty": "OKP", "x": "public-only"}, "sandboxAdminToken": "s3cret-token-value-123"}'))).toThrow(/operatorKey is missing or not a private JWK/);
    expect(() => readSecretsFile(file('{"operatorKey": {"kty": "OKP", "d": "private"}}'))).toThrow(/sandboxAdminToken is missing/);
    expect(readSecretsFile(file('{"operatorKey": {"kty": "OKP", "d": "private"}, "sandboxAdminToken": "s3cret-token-value-123", "other": 1}'))).toEqual({
      operatorKey: { kty: "OKP", d: "private" }, sandboxAdminToken: "s3cret-token-value-123",
    });
  });
});
