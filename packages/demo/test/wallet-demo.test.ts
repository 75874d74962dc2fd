import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestPlatform } from "@wallet/testing";
import { type DemoResult } from "../src/index";
import { afterEach, describe, expect, it } from "vitest";

const BIN = join(__dirname, "..", "dist", "bin", "wallet-demo.js");
const TRACE_ID = /\[trace ([0-9a-f]{32})\]$/;

/** Runs the built bin against a platform, as someone would after `npm run up`. */
async function runWalletDemo(platform: TestPlatform, ...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runWalletDemoRaw(platform, extra);
  if (process.env["WALLET_DEMO_ECHO"] === "true") process.stdout.write(result.stdout);
  return result;
}

async function runWalletDemoRaw(platform: TestPlatform, extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const secretsFile = join(mkdtempSync(join(tmpdir(), "wallet-demo-")), "dev-secrets.json");
  const { secrets } = platform.platform.wiring;
  writeFileSync(secretsFile, JSON.stringify({ operatorKey: secrets.operatorKey, sandboxAdminToken: secrets.sandboxAdminToken }), { mode: 0o600 });
  const address = platform.platform.address.bind(platform.platform);
  const args = [
    BIN, "--secrets-file", secretsFile, "--identity", address("identity"), "--sandbox-bank", address("sandbox-bank"),
    "--account", address("account"), "--bank-link", address("bank-link"), "--payment", address("payment"), ...extra,
  ];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The summary's verdict line of a layer: "HELD", "DID NOT HOLD" or "not reached". */
function layerVerdict(stdout: string, layer: string): string | undefined {
  const summary = stdout.slice(stdout.indexOf("Layers (across the attacks)"));
  return new RegExp(`^ {3}(HELD|DID NOT HOLD|not reached) +${layer.replace(/[()]/g, "\\$&")} `, "m").exec(summary)?.[1];
}

const OTHER_LAYERS = [
  "identity proofing (IAL2) before linking or moving money",
  "stolen or already-used identity documents refused",
  "proven name must match the bank account holder",
  "link attempt throttle and links per user",
  "fresh-link cooling-off limits",
];

describe("wallet-demo against the real platform", () => {
  let platform: TestPlatform | undefined;
  afterEach(async () => {
    await platform?.stop();
    platform = undefined;
  });

  it("passes on a fresh platform, printing every scenario's decisions, reasons and trace ids and the honest user's action count", async () => {
    platform = await TestPlatform.start();
    const { code, stdout, stderr } = await runWalletDemo(platform);
    expect(stderr).toBe("");
    expect(code, stdout).toBe(0);
    for (const title of ["honest user", "attack 1", "attack 2", "attack 3", "attack 4", "attack 5"]) expect(stdout).toMatch(new RegExp(`^== ${title}`, "m"));
    // The decisions and reasons that stopped each attack.
    for (const refusal of ["IAL2_REQUIRED", "HOLDER_MISMATCH", "DOCUMENT_REPORTED_STOLEN", "DOCUMENT_ALREADY_USED", "BANK_AUTHENTICATION_FAILED", "LINK_LIMIT_REACHED", "LINK_ATTEMPTS_THROTTLED"]) {
      expect(stdout).toMatch(new RegExp(`-> (REFUSED \\w+ |REJECTED )${refusal}`));
    }
    expect(stdout).toMatch(/^ {3}user actions: 10 in \d+\.\d s/m);
    expect(stdout).toMatch(/DEMO PASSED: honest journey: 10 user actions from sign-up to first payment/);
    for (const layer of [...OTHER_LAYERS.slice(0, 4), "bank's one-time code to the phone the bank knows", "bank tells the account holder"]) expect(layerVerdict(stdout, layer), layer).toBe("HELD");
    // Nothing got far enough to test the drain limits.
    expect(layerVerdict(stdout, "fresh-link cooling-off limits")).toBe("not reached");

    // Every step line carries a trace id, and the platform's own spans carry the printed ones.
    const steps = stdout.split("\n").filter((line) => /^ {3}(user|attacker|victim|bank staff|demo) +\S.* -> /.test(line));
    expect(steps.length).toBeGreaterThan(60);
    const traceIds = steps.map((line) => TRACE_ID.exec(line)?.[1]);
    expect(traceIds.every(Boolean)).toBe(true);
    const refusedLink = steps.find((line) => line.includes("IAL2_REQUIRED"))!;
    const spans = await platform.sink.waitForTrace(TRACE_ID.exec(refusedLink)![1]!, (collected) => collected.some((span) => span.service === "bank-link"));
    expect(spans.some((span) => span.service === "bank-link")).toBe(true);

    // Again, on the same platform, as structured JSON: the demo can run any number of times.
    const again = await runWalletDemo(platform, "--json");
    expect(again.code, again.stdout).toBe(0);
    const result = JSON.parse(again.stdout) as DemoResult;
    expect([result.passed, result.honestUserActions, result.scenarios.map((scenario) => scenario.id)]).toEqual([true, 10, [
      "honest-journey", "email-only-wallet", "proofed-attacker", "stolen-document", "synthetic-name-match", "many-victims-one-wallet",
    ]]);
    for (const scenario of result.scenarios.filter((candidate) => candidate.kind === "attack")) {
      expect(scenario.money, scenario.id).toMatchObject({ moved: 0, attackerWalletAfter: 0 });
      expect(scenario.layers.filter((layer) => layer.status === "did not hold"), scenario.id).toEqual([]);
    }
    expect(result.scenarios.flatMap((scenario) => scenario.steps).every((step) => /^[0-9a-f]{32}$/.test(step.traceId))).toBe(true);
  });

  it("fails against a 2020 bank (no one-time code), naming the bank's layers as not held and the wallet's as held", async () => {
    platform = await TestPlatform.start({ environmentOf: { "sandbox-bank": { SANDBOX_BANK_MODE: "2020" } } });
    const { code, stdout } = await runWalletDemo(platform);
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(/DEMO FAILED/);
    expect(layerVerdict(stdout, "bank's one-time code to the phone the bank knows")).toBe("DID NOT HOLD");
    expect(layerVerdict(stdout, "bank tells the account holder")).toBe("DID NOT HOLD");
    for (const layer of OTHER_LAYERS) expect(layerVerdict(stdout, layer), layer).toBe("HELD");
    expect(layerVerdict(stdout, "risk rules (one wallet funded by many bank accounts)")).toBe("HELD");
    // The honest user still gets through, and the loss is what cooling-off allows: 10,000 yen a link.
    expect(stdout).toMatch(/^ {3}honest user: sign-up to first payment +PASS/m);
    expect(stdout).toMatch(/^ {3}attack 4: attacker proofed under the victim's name +FAIL +10,000 yen/m);
    expect(stdout).toMatch(/^ {3}attack 5: many victims to one wallet, fresh-link drain +FAIL +20,000 yen/m);
    expect(stdout).toMatch(/^ {3}attack 1: email-only wallet links the victim's account +PASS +0 yen/m);
  });

  it("reports the cooling-off layer as not held, and the whole deposit lost, when fresh links have no cooling-off", async () => {
    platform = await TestPlatform.start({ environmentOf: { "sandbox-bank": { SANDBOX_BANK_MODE: "2020" }, "bank-link": { COOLING_OFF_HOURS: "0" } } });
    const { code, stdout } = await runWalletDemo(platform, "--only", "synthetic-name-match", "--json");
    expect(code, stdout).toBe(1);
    const [attack] = (JSON.parse(stdout) as DemoResult).scenarios;
    expect(attack?.layers.map((layer) => [layer.id, layer.status])).toEqual([
      ["BANK_ONE_TIME_CODE", "did not hold"], ["HOLDER_NOTIFIED", "did not hold"], ["COOLING_OFF", "did not hold"],
    ]);
    expect(attack?.money).toEqual({ victimBankBefore: 300_000, victimBankAfter: 0, attackerWalletAfter: 300_000, moved: 300_000 });
  });
});
