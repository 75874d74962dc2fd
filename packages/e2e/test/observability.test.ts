import { createServer } from "node:net";
import { status } from "@grpc/grpc-js";
import { PaymentServiceService, PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type PromiseClient } from "@wallet/service-kit";
import { Customers, type MetricStore, TestPlatform, type WalletCustomer } from "@wallet/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/failure";
import { withStepUp } from "./support/step-up";

const yen = (minorUnits: bigint) => ({ currency: "JPY", minorUnits });
const TRACE_UI_URL = "http://jaeger.test:16686/trace/{traceId}";
const PAYMENT_SERVICE = "wallet.payment.v1.PaymentService";
const BANK_LINK_SERVICE = "wallet.banklink.v1.BankLinkService";

/**
 * Observability over the real processes: the flows of a small day (onboarding with proofing and
 * a bank link, a failed link attempt, a denied call, a top-up, a transfer with a step-up, a
 * payment refused by risk), then the metrics the processes pushed over OTLP must count exactly
 * those flows, payment's Prometheus endpoint must serve the same, every log line written during
 * the flows must carry a trace and span id, and no personal data may appear in a log line or a
 * metric label.
 */
describe("observability: metrics, logs and the way from a payment to its trace", () => {
  let platform: TestPlatform;
  let customers: Customers;
  let payment: PromiseClient<typeof PaymentServiceService>;
  let metricsPort: number;
  let alice: WalletCustomer;
  let bob: WalletCustomer;
  /** The platform's log lines written while the processes started, and while the flows ran. */
  let startUpLines: { service: string; line: string }[];
  let flowLines: { service: string; line: string }[];
  let metrics: MetricStore;
  let topUp: { paymentId: string; traceId: string };
  let secondBankAccount: { accountNumber: string; pin: string };

  beforeAll(async () => {
    metricsPort = await freePort();
    platform = await TestPlatform.start({ environmentOf: { payment: { METRICS_PORT: String(metricsPort), TRACE_UI_URL } } });
    customers = await Customers.on(platform);
    payment = platform.client(PaymentServiceService, "payment");
    const flowsStart = platform.logs.length;

    // Sign-up, contacts confirmed, AAL2, proofing to IAL2, a bank account linked, a wallet: twice.
    alice = await customers.onboard("alice", { balance: 200_000n });
    bob = await customers.onboard("bob", { balance: 50_000n });

    // A failed link attempt: the right code from the bank, the wrong PIN.
    const second = await customers.banks.openAccount(alice.person.name, alice.person.phone, { pin: "4321" });
    secondBankAccount = second;
    const { link: started } = await customers.banks.bankLink.startLink(
      { bankCode: second.bankCode, branchCode: second.branchCode, accountNumber: second.accountNumber, idempotencyKey: "alice-second-link-01" },
      { accessToken: alice.session.accessToken },
    );
    const wrongPin = await failure(customers.banks.bankLink.confirmLink(
      { linkId: started!.linkId, pin: "1234", oneTimeCode: await customers.banks.latestCode(second.registeredPhone) },
      { accessToken: alice.session.accessToken },
    ));
    expect([wrongPin.code, wrongPin.reason]).toEqual([status.FAILED_PRECONDITION, "BANK_AUTHENTICATION_FAILED"]);

    // A call the gate denies: no token.
    const denied = await failure(payment.topUp({ linkId: alice.link.linkId, amount: yen(5_000n), idempotencyKey: "alice-topup-0001" }));
    expect([denied.code, denied.reason]).toEqual([status.UNAUTHENTICATED, "TOKEN_MISSING"]);

    const { payment: toppedUp } = await payment.topUp({ linkId: alice.link.linkId, amount: yen(5_000n), idempotencyKey: "alice-topup-0001" }, { accessToken: alice.session.accessToken });
    expect(toppedUp?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);
    topUp = { paymentId: toppedUp!.paymentId, traceId: toppedUp!.traceId };

    // A first transfer to Bob: the risk engine asks for a step-up, then allows it.
    const { payment: sent } = await withStepUp(customers, alice, (stepUpProof) => payment.transfer(
      { payeeHandle: bob.person.handle, payeePhone: "", amount: yen(1_000n), idempotencyKey: "alice-to-bob-0001" },
      { accessToken: alice.session.accessToken, ...(stepUpProof ? { stepUpProof } : {}) },
    ));
    expect(sent?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);

    // Over the IAL2 cap for a merchant payment: refused by risk, recorded FAILED.
    const { payment: refused } = await payment.pay({ merchantId: "jeweller", amount: yen(400_000n), orderReference: "ring", idempotencyKey: "alice-ring-00001" }, { accessToken: alice.session.accessToken });
    expect([refused?.state, refused?.failureReason]).toEqual([PaymentState.PAYMENT_STATE_FAILED, "RISK_DENIED"]);

    // Metrics are pushed every 500 ms; wait for the last flow's counts, then take the log lines.
    metrics = await platform.sink.waitForMetrics((store) => store.total("wallet.payments.finished", { type: "PAY", state: "FAILED" }) === 1
      && store.count("rpc.server.duration", { "rpc.method": "Pay" }, "payment") === 1);
    startUpLines = platform.logs.slice(0, flowsStart);
    flowLines = platform.logs.slice(flowsStart);
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it("counts every RPC by method and status code (RED), on the server and the client side", () => {
    const calls = (service: string, rpcService: string, method: string, code: number) =>
      metrics.count("rpc.server.duration", { "rpc.system": "grpc", "rpc.service": rpcService, "rpc.method": method, "rpc.grpc.status_code": code }, service);
    expect({
      topUpOk: calls("payment", PAYMENT_SERVICE, "TopUp", status.OK),
      topUpUnauthenticated: calls("payment", PAYMENT_SERVICE, "TopUp", status.UNAUTHENTICATED),
      transferOk: calls("payment", PAYMENT_SERVICE, "Transfer", status.OK),
      transferStepUp: calls("payment", PAYMENT_SERVICE, "Transfer", status.PERMISSION_DENIED),
      payOk: calls("payment", PAYMENT_SERVICE, "Pay", status.OK),
      startLinkOk: calls("bank-link", BANK_LINK_SERVICE, "StartLink", status.OK),
      confirmLinkOk: calls("bank-link", BANK_LINK_SERVICE, "ConfirmLink", status.OK),
      confirmLinkRefused: calls("bank-link", BANK_LINK_SERVICE, "ConfirmLink", status.FAILED_PRECONDITION),
    }).toEqual({ topUpOk: 1, topUpUnauthenticated: 1, transferOk: 1, transferStepUp: 1, payOk: 1, startLinkOk: 3, confirmLinkOk: 2, confirmLinkRefused: 1 });

    // The counter agrees with the histogram, and durations are real (a top-up crosses four services).
    expect(metrics.total("rpc.server.calls", { "rpc.method": "TopUp" }, "payment")).toBe(2);
    const [topUpOk] = metrics.series("rpc.server.duration", { "rpc.method": "TopUp", "rpc.grpc.status_code": status.OK }, "payment");
    expect(topUpOk).toMatchObject({ unit: "ms", kind: "histogram" });
    expect(topUpOk!.value).toBeGreaterThan(0);
    expect(topUpOk!.bucketCounts.reduce((sum, bucket) => sum + bucket, 0)).toBe(1);

    // Every service times its inbound calls; payment also times its calls to its dependencies.
    for (const service of ["identity", "sandbox-bank", "account", "bank-link", "payment"]) {
      expect(metrics.count("rpc.server.duration", {}, service), service).toBeGreaterThan(0);
    }
    expect(metrics.count("rpc.client.duration", { "rpc.service": "wallet.account.v1.AccountService", "rpc.grpc.status_code": status.OK }, "payment")).toBeGreaterThan(0);
    expect(metrics.count("rpc.client.duration", { "rpc.service": BANK_LINK_SERVICE, "rpc.method": "Debit", "rpc.grpc.status_code": status.OK }, "payment")).toBe(1);
  });

  it("counts payments by type and final state, risk decisions by rule, gate decisions by reason and link attempts by outcome", () => {
    const finished = metrics.series("wallet.payments.finished").map((series) => [series.attributes["type"], series.attributes["state"], series.value]);
    expect(finished.sort()).toEqual([["PAY", "FAILED", 1], ["TOP_UP", "COMPLETED", 1], ["TRANSFER", "COMPLETED", 1]]);

    const risk = metrics.series("wallet.payment.risk_decisions").map((series) => [series.attributes["decision"], series.attributes["rule"], series.value]);
    expect(risk.sort()).toEqual([["ALLOW", "FIRST_TIME_PAYEE", 1], ["ALLOW", "NONE", 1], ["DENY", "AMOUNT_OVER_CAP", 1], ["STEP_UP", "FIRST_TIME_PAYEE", 1]]);

    // payment's gate: TopUp, two Transfer calls and Pay allowed; the TopUp without a token denied.
    expect(metrics.total("wallet.gate.decisions", { decision: "ALLOW", reason: "NONE" }, "payment")).toBe(4);
    expect(metrics.total("wallet.gate.decisions", { decision: "DENY", reason: "TOKEN_MISSING" }, "payment")).toBe(1);
    expect(metrics.total("wallet.gate.decisions", { decision: "DENY" })).toBe(1);

    const attempts = metrics.series("wallet.bank_link.attempts").map((series) => [series.attributes["stage"], series.attributes["outcome"], series.value]);
    expect(attempts.sort()).toEqual([["confirm", "ACTIVATED", 2], ["confirm", "BANK_AUTHENTICATION_FAILED", 1], ["start", "STARTED", 3]]);
  });

  it("serves the same metrics to Prometheus on METRICS_PORT, in its text format", async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^# TYPE rpc_server_duration\w* histogram$/m);
    const buckets = text.split("\n").filter((line) => /^rpc_server_duration\w*_bucket\{/.test(line) && line.includes('rpc_method="TopUp"') && line.includes('rpc_grpc_status_code="0"'));
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets.at(-1)).toMatch(/le="\+Inf"\} 1$/);
    expect(text).toMatch(/^wallet_payments_finished_total\{[^}]*type="TOP_UP"[^}]*\} 1$/m);
  });

  it("links a payment to its trace in the tracing UI", async () => {
    const { payment: read, traceUrl } = await payment.getPayment({ paymentId: topUp.paymentId }, { accessToken: alice.session.accessToken });
    expect(read?.traceId).toBe(topUp.traceId);
    expect(traceUrl).toBe(`http://jaeger.test:16686/trace/${topUp.traceId}`);
    const inspected = await (await platform.operatorClient(PaymentServiceService, "payment")).inspectPayment({ paymentId: topUp.paymentId });
    expect(inspected.traceUrl).toBe(traceUrl);
    // The link leads somewhere: the trace reached the collector with payment's spans in it.
    const spans = await platform.sink.waitForTrace(topUp.traceId, (collected) => collected.some((span) => span.service === "payment"));
    expect(spans.some((span) => span.service === "payment")).toBe(true);
  });

  it("writes every log line of the flows as JSON with a trace id and a span id", () => {
    // Exempt, and only these: the lines a process writes about its own start (before the flows;
    // likewise its shutdown, after them). They belong to no call and no trace, and an id there
    // would be made up. Running start-up inside a span instead would hand that span's context
    // to every background worker the start-up launches, growing one trace forever.
    const startUpWithoutIds = startUpLines.map(({ service, line }) => ({ service, json: parseJson(line) }))
      .filter(({ json }) => json !== undefined && json["trace_id"] === undefined)
      .map(({ service, json }) => `${service}: ${String(json!["msg"])}`);
    expect(new Set(startUpWithoutIds)).toEqual(new Set([
      ...["identity", "sandbox-bank", "account", "bank-link", "payment"].map((service) => `${service}: listening`),
      "account: recovery at start-up done",
      "sandbox-bank: bank mode",
    ]));

    const parsed = flowLines.map(({ service, line }) => ({ service, line, json: parseJson(line) }));
    expect(parsed.filter((entry) => entry.json === undefined).map((entry) => `${entry.service}: ${entry.line}`)).toEqual([]);
    const lines = parsed.map((entry) => ({ service: entry.service, json: entry.json! }));
    // Not vacuous: every call of the flows wrote its line, in every service.
    expect(lines.length).toBeGreaterThan(50);
    expect(new Set(lines.map((line) => line.service))).toEqual(new Set(["identity", "sandbox-bank", "account", "bank-link", "payment"]));
    const withoutIds = lines.filter(({ json }) => !/^[0-9a-f]{32}$/.test(String(json["trace_id"])) || !/^[0-9a-f]{16}$/.test(String(json["span_id"])));
    expect(withoutIds.map(({ service, json }) => `${service}: ${JSON.stringify(json)}`)).toEqual([]);
    // The top-up's trace id leads to its log lines in every process it crossed.
    const ofTopUp = new Set(lines.filter(({ json }) => json["trace_id"] === topUp.traceId).map((line) => line.service));
    expect(ofTopUp).toEqual(new Set(["identity", "sandbox-bank", "account", "bank-link", "payment"]));
  });

  it("keeps personal data out of every log line and every metric label", () => {
    const people = [alice, bob].flatMap((customer): string[] => {
      const { familyKanji, givenKanji, familyKana, givenKana, familyLatin, givenLatin } = customer.person.name;
      return [customer.person.email, customer.person.phone, customer.person.password, familyKanji, givenKanji, familyKana, givenKana, familyLatin, givenLatin, customer.bank.accountNumber];
    });
    const secrets = [...people, secondBankAccount.accountNumber, `"${secondBankAccount.pin}"`, `"${alice.bank.pin}"`];
    const haystacks = [
      ...platform.logs.map((entry, index) => ({ where: `log line ${index} of ${entry.service}`, text: entry.line })),
      ...metrics.received.map((series) => ({ where: `metric ${series.name} of ${series.service}`, text: JSON.stringify(series.attributes) })),
    ];
    expect(metrics.received.length).toBeGreaterThan(0);
    const hits = haystacks.flatMap(({ where, text }) => secrets.filter((secret) => contains(text, secret)).map((secret) => `${where} contains ${secret}`));
    expect(hits).toEqual([]);
  });
});

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Digits count only as a whole number: inside a timestamp any 7 digits would turn up by chance. */
function contains(haystack: string, secret: string): boolean {
  return /^\d+$/.test(secret) ? new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(haystack) : haystack.includes(secret);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}
