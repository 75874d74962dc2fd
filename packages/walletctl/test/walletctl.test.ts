import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { generateSecrets } from "@wallet/platform-launcher";
import { evidenceFor, newPerson, TARO, TestPlatform, Users } from "@wallet/testing";
import { TraceStore } from "@wallet/trace-store";
import { type TOTP, URI } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, walletctl, walletctlJson } from "./cli";

const EXIT_INVALID_ARGUMENT = 13;
const EXIT_PERMISSION_DENIED = 17;
const EXIT_UNAVAILABLE = 24;
const EXIT_UNAUTHENTICATED = 26;

describe("walletctl against the real platform", () => {
  let traceStore: TraceStore;
  let platform: TestPlatform;
  let env: NodeJS.ProcessEnv;
  let directory: string;
  const person = newPerson("cli");
  const run = (...args: string[]) => walletctl(args, env);
  const json = <T = Record<string, unknown>>(...args: string[]) => walletctlJson<T>(args, env);
  const code = async (channel: "email" | "phone", recipient: string) => (await json<{ code: string }>("dev", "outbox", `--${channel}`, recipient, "--code")).code;
  let linkId = "";
  let paymentId = "";
  let merchantPaymentId = "";
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    traceStore = await TraceStore.start();
    // The services export http/protobuf (their default) to the trace store instead of the
    // harness's JSON sink, so `walletctl trace` reads what they really sent.
    platform = await TestPlatform.start({
      environment: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${traceStore.url}/v1/traces`, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf" },
    });
    directory = mkdtempSync(join(tmpdir(), "walletctl-"));
    const operatorKeyFile = join(directory, "dev-secrets.json");
    const { operatorKey, sandboxAdminToken } = platform.platform.wiring.secrets;
    writeFileSync(operatorKeyFile, JSON.stringify({ operatorKey, sandboxAdminToken }), { mode: 0o600 });
    const address = (service: Parameters<typeof platform.platform.address>[0]) => platform.platform.address(service);
    env = {
      WALLET_IDENTITY_ADDRESS: address("identity"),
      WALLET_ACCOUNT_ADDRESS: address("account"),
      WALLET_BANK_LINK_ADDRESS: address("bank-link"),
      WALLET_PAYMENT_ADDRESS: address("payment"),
      WALLET_SANDBOX_BANK_ADDRESS: address("sandbox-bank"),
      WALLETCTL_PROFILE: join(directory, "config", "profile.json"),
      WALLETCTL_OPERATOR_KEY_FILE: operatorKeyFile,
      WALLETCTL_TRACE_API: traceStore.url,
      WALLETCTL_PASSWORD: person.password,
    };
  });
  afterAll(async () => {
    await platform?.stop();
    await traceStore?.stop();
  });

  it("signs up, confirms both contacts with codes from the dev outbox and logs in; the profile file is 0600", async () => {
    const bad = await run("signup", "--email", "not-an-email", "--phone", person.phone, "--handle", person.handle);
    expectFailure(bad, EXIT_INVALID_ARGUMENT, /^INVALID_ARGUMENT: email: /m);

    const started = await json<{ signUpId: string }>("signup", "--email", person.email, "--phone", person.phone, "--handle", person.handle);
    expect(started.signUpId).toBeTruthy();
    const wrongCode = await run("confirm", "email", "--code", "000000");
    expect(wrongCode.code).toBeGreaterThan(10);
    expect(wrongCode.stderr).toMatch(/^[A-Z_]+( [A-Z_]+)?: /);
    const email = await json<{ emailConfirmed: boolean; userId: string }>("confirm", "email", "--code", await code("email", person.email));
    expect(email.emailConfirmed).toBe(true);
    const phone = await json<{ phoneConfirmed: boolean }>("confirm", "phone", "--code", await code("phone", person.phone));
    expect(phone.phoneConfirmed).toBe(true);

    const login = await json<{ aal: string; userId: string }>("login", "--email", person.email);
    expect(login).toMatchObject({ aal: "AAL1", userId: email.userId });
    expect(statSync(env["WALLETCTL_PROFILE"]!).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(env["WALLETCTL_PROFILE"]!, "utf8")) as { session: { refreshToken: string } };
    expect(saved.session.refreshToken).toBeTruthy();
  });

  it("is denied by the gate below AAL2 and IAL2, naming the reason; a second factor raises the session", async () => {
    const denied = await run("topup", "--link", "lnk_none", "--amount", "1000");
    expectFailure(denied, EXIT_PERMISSION_DENIED, /^PERMISSION_DENIED (IAL2|AAL2)_REQUIRED: /m);

    await json("login-code");
    const verified = await json<{ aal: string }>("verify", "--code", await code("phone", person.phone));
    expect(verified.aal).toBe("AAL2");
    const stillDenied = await run("--json", "bank", "link", "--bank-code", "0005", "--branch-code", "001", "--account-number", "1234567");
    expect(stillDenied.code).toBe(EXIT_PERMISSION_DENIED);
    expect(JSON.parse(stillDenied.stdout)).toMatchObject({ error: { code: "PERMISSION_DENIED", reason: "IAL2_REQUIRED" } });
  });

  it("proves the identity with sandbox evidence and enrols TOTP, printing the otpauth URI and a QR code", async () => {
    const evidence = evidenceFor(TARO);
    const proofArgs = (documentType: string, dateOfBirth = evidence.dateOfBirth) => [
      "proof", "--family-name-kanji", TARO.familyKanji, "--given-name-kanji", TARO.givenKanji, "--family-name-kana", TARO.familyKana,
      "--given-name-kana", TARO.givenKana, "--family-name-latin", TARO.familyLatin, "--given-name-latin", TARO.givenLatin,
      "--date-of-birth", dateOfBirth, "--postal-code", evidence.address!.postalCode, "--prefecture", evidence.address!.prefecture,
      "--city", evidence.address!.city, "--street", evidence.address!.street, "--document-type", documentType, "--document-number", evidence.document!.number,
    ];
    expectFailure(await run(...proofArgs("library-card")), EXIT_INVALID_ARGUMENT, /^INVALID_ARGUMENT: document\.type: /m);
    expectFailure(await run(...proofArgs("my-number-card", "yesterday")), EXIT_INVALID_ARGUMENT, /^INVALID_ARGUMENT: date_of_birth: /m);
    const proofing = await json<{ status: string }>(...proofArgs("my-number-card"));
    expect(proofing.status).toBe("PROOFING_STATUS_APPROVED");
    expect((await json<{ ial: string }>("whoami")).ial).toBe("IDENTITY_ASSURANCE_IAL2");

    const enrolment = await run("totp", "enrol");
    expect(enrolment.code).toBe(0);
    const uri = /otpauth:\/\/\S+/.exec(enrolment.stdout)?.[0];
    expect(uri).toBeTruthy();
    expect(enrolment.stdout).toMatch(/[▀▄█]{10,}/);
    const totp = URI.parse(uri!) as TOTP;
    const confirmed = await json<{ recoveryCodes: string[] }>("totp", "confirm", "--code", totp.generate());
    expect(confirmed.recoveryCodes.length).toBeGreaterThan(0);
    recoveryCodes = confirmed.recoveryCodes;
  });

  it("links a bank account with the bank's code, tops up, and shows balance, history and the payment", async () => {
    const bankAccount = await json<{ bankCode: string; branchCode: string; accountNumber: string }>(
      "dev", "bank-account", "--holder-kana", `${TARO.familyKana} ${TARO.givenKana}`, "--holder-latin", `${TARO.familyLatin} ${TARO.givenLatin}`,
      "--phone", person.phone, "--pin", "4321",
    );
    const started = await json<{ link: { linkId: string; state: string } }>("bank", "link", "--bank-code", bankAccount.bankCode, "--branch-code", bankAccount.branchCode, "--account-number", bankAccount.accountNumber);
    linkId = started.link.linkId;
    expect(started.link.state).toBe("LINK_STATE_AWAITING_BANK_AUTHENTICATION");
    const bankCode = (await json<{ code: string }>("dev", "bank-outbox", "--phone", person.phone, "--code")).code;
    const wrongPin = await run("bank", "confirm", linkId, "--pin", "0000", "--code", bankCode);
    expect(wrongPin.code).toBeGreaterThan(10);
    expect(wrongPin.stderr).toMatch(/^[A-Z_]+ [A-Z_]+: /m);
    const confirmed = await json<{ link: { state: string } }>("bank", "confirm", linkId, "--pin", "4321", "--code", bankCode);
    expect(confirmed.link.state).toBe("LINK_STATE_ACTIVE");
    expect((await json<{ links: unknown[] }>("bank", "list")).links).toHaveLength(1);
    await json("wallet", "open");

    expectFailure(await run("topup", "--link", linkId, "--amount", "-5"), EXIT_INVALID_ARGUMENT, /^INVALID_ARGUMENT: amount\.minor_units: /m);
    expectFailure(await run("topup", "--link", linkId, "--amount", "five"), EXIT_INVALID_ARGUMENT, /^INVALID_ARGUMENT: amount: /m);
    const topUp = await json<{ payment: { paymentId: string; state: string; traceId: string } }>("topup", "--link", linkId, "--amount", "5000");
    expect(topUp.payment.state).toBe("PAYMENT_STATE_COMPLETED");
    paymentId = topUp.payment.paymentId;

    const balance = await json<{ balance: { minorUnits: string } }>("balance");
    expect(balance.balance.minorUnits).toBe("5000");
    expect((await run("balance")).stdout).toContain("balance 5,000 JPY");
    const history = await json<{ lines: { paymentId: string }[] }>("history");
    expect(history.lines.some((line) => line.paymentId === paymentId)).toBe(true);

    const shown = await run("payment", "show", paymentId);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/state +COMPLETED/);
    expect(shown.stdout).toMatch(/risk +ALLOW/);
    expect(shown.stdout).toContain(`trace   ${topUp.payment.traceId}`);
    expect((await json<{ payments: { paymentId: string }[] }>("payment", "list")).payments.map((one) => one.paymentId)).toContain(paymentId);
    expectFailure(await run("payment", "show", "pay_unknown"), 10 + 5, /^NOT_FOUND/m);

    const paid = await json<{ payment: { paymentId: string; state: string } }>("pay", "--merchant", "coffee-shop", "--amount", "300", "--order", "order-1");
    expect(paid.payment.state).toBe("PAYMENT_STATE_COMPLETED");
    merchantPaymentId = paid.payment.paymentId;
    const withdrawn = await json<{ payment: { state: string } }>("withdraw", "--link", linkId, "--amount", "1000");
    expect(withdrawn.payment.state).toBe("PAYMENT_STATE_COMPLETED");
  });

  it("prints the span tree of the top-up from the trace store", async () => {
    const traced = await json<{ traceId: string; tree: { service: string; children: unknown[] }[] }>("trace", paymentId);
    const services = new Set<string>();
    const walk = (nodes: { service: string; children: unknown[] }[]) => nodes.forEach((node) => {
      services.add(node.service);
      walk(node.children as { service: string; children: unknown[] }[]);
    });
    walk(traced.tree);
    for (const service of ["payment", "identity", "account", "bank-link", "sandbox-bank"]) expect(services, service).toContain(service);
    const human = await run("trace", paymentId);
    expect(human.stdout).toMatch(/^\[payment\] .*TopUp.* ms /m);
    expect(human.stdout).toMatch(/└─ \[/);
    const noApi = await run("trace", paymentId, "--trace-api", "http://127.0.0.1:1", "--wait", "0");
    expect(noApi.code).not.toBe(0);
    expect(noApi.stderr).toMatch(/cannot reach the trace API/);
  });

  it("asks for a step-up on a first-time payee; `walletctl step-up` then the retried transfer works", async () => {
    const users = await Users.on(platform);
    const payee = newPerson("payee");
    const payeeSession = await users.honest(payee);
    await platform.client(AccountServiceService, "account").openWallet({ currency: "JPY" }, { accessToken: payeeSession.accessToken });

    const refused = await run("transfer", "--to", payee.handle, "--amount", "1000");
    expectFailure(refused, EXIT_PERMISSION_DENIED, /^PERMISSION_DENIED STEP_UP_REQUIRED: /m);
    expect(refused.stderr).toContain("walletctl step-up");
    const challenged = await run("--json", "transfer", "--to", payee.handle, "--amount", "1000");
    expect(JSON.parse(challenged.stdout)).toMatchObject({ error: { reason: "STEP_UP_REQUIRED", facts: { challenge_id: expect.any(String) } } });

    await json("step-up");
    expectFailure(await run("step-up", "--code", "000000"), -1, /^[A-Z_]+/m);
    await json("step-up", "--code", await code("phone", person.phone));
    const transferred = await json<{ payment: { state: string; risk: { stepUpVerified: boolean } } }>("transfer", "--to", payee.handle, "--amount", "1000");
    expect(transferred.payment.state).toBe("PAYMENT_STATE_COMPLETED");
    expect(transferred.payment.risk.stepUpVerified).toBe(true);
  });

  it("refreshes an expired access token through RefreshSession and saves the rotated tokens", async () => {
    const file = env["WALLETCTL_PROFILE"]!;
    const before = JSON.parse(readFileSync(file, "utf8")) as { session: { refreshToken: string; accessTokenExpiresAt: string } };
    before.session.accessTokenExpiresAt = new Date(Date.now() - 1_000).toISOString();
    writeFileSync(file, JSON.stringify(before), { mode: 0o600 });
    // 5,000 topped up, 300 paid, 1,000 withdrawn, 1,000 transferred.
    expect((await json<{ balance: { minorUnits: string } }>("balance")).balance.minorUnits).toBe("2700");
    const after = JSON.parse(readFileSync(file, "utf8")) as { session: { refreshToken: string } };
    expect(after.session.refreshToken).not.toBe(before.session.refreshToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("runs the operator commands with the operator key and refuses them without a valid one", async () => {
    const audit = await json<{ discrepancies: unknown[]; walletsChecked: string }>("admin", "audit");
    expect(audit.discrepancies).toEqual([]);
    expect(Number(audit.walletsChecked)).toBeGreaterThanOrEqual(2);
    const events = await json<{ events: { type: string; reason: string }[] }>("admin", "security-events", "--limit", "200");
    expect(events.events.some((event) => event.reason === "IAL2_REQUIRED" || event.reason === "AAL2_REQUIRED")).toBe(true);
    expect((await json<{ ownerId: string }>("admin", "payment", paymentId)).ownerId).toBeTruthy();
    const refunded = await json<{ payment: { kind: string; state: string; amount: { minorUnits: string } } }>("admin", "refund", merchantPaymentId, "--amount", "120", "--reason", "cold coffee");
    expect([refunded.payment.kind, refunded.payment.state, refunded.payment.amount.minorUnits]).toEqual(["PAYMENT_KIND_REFUND", "PAYMENT_STATE_COMPLETED", "120"]);
    const tooMuch = await run("admin", "refund", merchantPaymentId, "--amount", "181", "--reason", "again");
    expect([tooMuch.code, tooMuch.stdout]).toEqual([1, expect.stringMatching(/state +FAILED \(REFUND_EXCEEDS_PAYMENT\)/)]);
    expectFailure(await run("admin", "review", paymentId, "--approve", "--reject"), EXIT_INVALID_ARGUMENT, /decision/);
    expectFailure(await run("admin", "review", paymentId, "--approve"), 10 + 9, /^FAILED_PRECONDITION NOT_HELD_FOR_REVIEW/m);
    // Unlocking reaches identity (a ticket must not carry personal data; the user must exist).
    expectFailure(await run("admin", "unlock", "usr_nobody", "--ticket", person.email), EXIT_INVALID_ARGUMENT, /ticket/);
    expectFailure(await run("admin", "unlock", "usr_nobody", "--ticket", "CASE-1"), 10 + 5, /^NOT_FOUND/m);

    const strangerKey = join(directory, "stranger.json");
    writeFileSync(strangerKey, JSON.stringify((await generateSecrets()).operatorKey), { mode: 0o600 });
    const refused = await run("--operator-key-file", strangerKey, "admin", "audit");
    expect([EXIT_PERMISSION_DENIED, EXIT_UNAUTHENTICATED]).toContain(refused.code);
    expect(refused.stderr).toMatch(/^(PERMISSION_DENIED|UNAUTHENTICATED) [A-Z_]+: /m);
    const missing = await run("--operator-key-file", join(directory, "absent.json"), "dev", "outbox", "--email", person.email);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("--operator-key-file");
  });

  it("logs in again with a recovery code, shows the profile without tokens, saves an address, unlinks", async () => {
    await json("login", "--email", person.email);
    const verified = await json<{ aal: string; recoveryCodesLeft: number }>("verify", "--factor", "recovery", "--code", recoveryCodes[0]!);
    expect(verified.aal).toBe("AAL2");
    expect(verified.recoveryCodesLeft).toBe(recoveryCodes.length - 1);
    expectFailure(await run("verify", "--factor", "carrier-pigeon", "--code", "1"), EXIT_INVALID_ARGUMENT, /^INVALID_ARGUMENT: factor: /m);

    const outbox = await run("dev", "outbox", "--phone", person.phone);
    expect(outbox.code).toBe(0);
    expect(outbox.stdout).toMatch(/\b\d{6}\b/);

    const saved = JSON.parse(readFileSync(env["WALLETCTL_PROFILE"]!, "utf8")) as { session: { accessToken: string; refreshToken: string } };
    const shown = await run("profile", "show");
    expect(shown.stdout).toContain(env["WALLETCTL_PROFILE"]);
    expect(shown.stdout).not.toContain(saved.session.accessToken);
    expect(shown.stdout).not.toContain(saved.session.refreshToken);
    await json("profile", "set-address", "payment", env["WALLET_PAYMENT_ADDRESS"]!);
    const withoutEnvironment = { ...env, WALLET_PAYMENT_ADDRESS: undefined };
    expect((await walletctlJson<{ addresses: { payment: string } }>(["profile", "show"], withoutEnvironment)).addresses.payment).toBe(env["WALLET_PAYMENT_ADDRESS"]);
    expectFailure(await run("profile", "set-address", "mainframe", "127.0.0.1:1"), EXIT_INVALID_ARGUMENT, /^INVALID_ARGUMENT: service: /m);

    const unlinked = await json<{ link: { state: string } }>("bank", "unlink", linkId);
    expect(unlinked.link.state).toBe("LINK_STATE_UNLINKED");
    expect((await run("topup", "--link", linkId, "--amount", "100")).code).toBeGreaterThan(10);
  });

  it("reports an unreachable service as UNAVAILABLE, and after logout asks to log in", async () => {
    const unreachable = await run("--payment-address", "127.0.0.1:1", "--deadline", "2000", "payment", "list");
    expectFailure(unreachable, EXIT_UNAVAILABLE, /^UNAVAILABLE/m);
    await json("logout");
    expectFailure(await run("balance"), EXIT_UNAUTHENTICATED, /^UNAUTHENTICATED: not logged in/m);
  });

  it("plays the demo as `walletctl demo`: the email-only attack is refused at the gate and moves no money", async () => {
    const addresses = ["--identity", env["WALLET_IDENTITY_ADDRESS"]!, "--account", env["WALLET_ACCOUNT_ADDRESS"]!, "--bank-link", env["WALLET_BANK_LINK_ADDRESS"]!, "--payment", env["WALLET_PAYMENT_ADDRESS"]!, "--sandbox-bank", env["WALLET_SANDBOX_BANK_ADDRESS"]!];
    const result = await run("--json", "demo", ...addresses, "--secrets-file", env["WALLETCTL_OPERATOR_KEY_FILE"]!, "--only", "email-only-wallet");
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { passed: boolean; scenarios: { id: string; passed: boolean; steps: { reason: string }[] }[] };
    expect(report.passed).toBe(true);
    expect(report.scenarios.map((scenario) => scenario.id)).toEqual(["email-only-wallet"]);
    expect(report.scenarios[0]!.steps.map((step) => step.reason)).toContain("IAL2_REQUIRED");
    const unknown = await run("demo", "--only", "no-such-scenario");
    expect(unknown.code).toBe(2);
  });
});

/** A failed command: its exit code (-1: any non-zero) and the message on stderr. */
function expectFailure(result: CliResult, exitCode: number, message: RegExp): void {
  if (exitCode === -1) expect(result.code).not.toBe(0);
  else expect(result.code, result.stderr).toBe(exitCode);
  expect(result.stderr).toMatch(message);
  expect(result.stdout).toBe("");
}
