import { metrics } from "@opentelemetry/api";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { finishedSpans, shutdownTelemetry, startTelemetry } from "@wallet/telemetry";
import { RemoteError } from "@wallet/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PaymentContext } from "../src/domain/payment-context";
import { resumeDuePayments } from "../src/domain/recovery/payment-recovery";
import { assessRisk } from "../src/domain/risk/risk-engine";
import { type RiskFacts } from "../src/domain/risk/risk-facts";
import { type SagaDefinition } from "../src/domain/sagas/saga-definition";
import { SagaRunner } from "../src/domain/sagas/saga-runner";
import { type PaymentModels } from "../src/store/models";
import { openPaymentStore, type PaymentTestStore, testPaymentContext, everyKind } from "./support/payment-store";
import { type PaymentDocument } from "../src/store/payment.model";

const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
let store: PaymentTestStore;
let models: PaymentModels;
const clock = { now: new Date("2026-11-25T05:00:00Z") };

beforeAll(async () => {
  Object.assign(process.env, { OTEL_TRACES_EXPORTER: "none", OTEL_METRICS_EXPORTER: "none", WALLET_TELEMETRY_MEMORY: "true", OTEL_SERVICE_NAME: "payment-test" });
  startTelemetry();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  store = await openPaymentStore("paymetrics");
  models = store.models;
});
afterAll(async () => {
  await reader.shutdown();
  metrics.disable();
  await store?.close();
  await shutdownTelemetry();
});

/** The latest value of every series of a counter, as "label=value,...": value. */
async function counted(name: string): Promise<Record<string, number>> {
  await reader.forceFlush();
  const metric = exporter.getMetrics().at(-1)?.scopeMetrics.flatMap((scope) => scope.metrics).find((candidate) => candidate.descriptor.name === name);
  return Object.fromEntries((metric?.dataPoints ?? []).map((point) => [Object.entries(point.attributes).map(([key, value]) => `${key}=${String(value)}`).join(","), point.value as number]));
}

const context = (): PaymentContext => testPaymentContext(models, clock);

describe("payment's business metrics", () => {
  it("count a payment finished once, when a recovery round finishes it and a stale runner tries again", async () => {
    let bankDown = true;
    const saga: SagaDefinition = [
      { name: "DEBITED", movesMoney: true, run: () => (bankDown ? Promise.reject(new RemoteError(14, "down", "", "", {}, [], undefined)) : Promise.resolve({})) },
      { name: "CREDITED", movesMoney: true, run: () => Promise.resolve({}) },
    ];
    const sagas = everyKind(saga);
    const request = new SagaRunner(context(), sagas);
    const recovery = new SagaRunner(context(), sagas);
    const taken = await models.payments.create({
      _id: "pay_metrics1", ownerId: "usr_1", kind: "TOP_UP", idempotencyScope: "usr_1:pay_metrics1", request: {}, currency: "JPY", amount: 100n, walletId: "wal_1",
      linkId: "lnk_1", bankCode: "0005", accountFingerprint: "", payeeUserId: "", payeeHandle: "", payeeWalletId: "", merchantId: "", orderReference: "", refundOf: "",
      holdId: "", risk: { decision: "ALLOW", reasons: [], stepUpVerified: false, at: clock.now }, state: "PROCESSING", terminal: false,
      steps: [{ name: "RISK_CHECKED", at: clock.now, facts: {} }], failureReason: "", deadlineAt: new Date(clock.now.getTime() + 60_000),
      forwardOnly: false, nextAttemptAt: clock.now, attempts: 0, lastError: "", traceId: "", createdAt: clock.now, updatedAt: clock.now,
    });
    const stale = taken.toObject<PaymentDocument>();

    // The request's run waits for the bank; a recovery round (another process) finishes it.
    expect((await request.advance(stale._id)).state).toBe("PROCESSING");
    bankDown = false;
    clock.now = new Date(clock.now.getTime() + 5_000);
    expect(await resumeDuePayments(context(), recovery)).toBe(1);
    expect((await models.payments.findById(stale._id).lean<PaymentDocument>())?.state).toBe("COMPLETED");
    // A runner still holding the document from before runs the saga from it again: its
    // conditional writes find the payment terminal, and it is not counted a second time.
    await request.advance(stale._id, stale);
    await resumeDuePayments(context(), recovery);

    expect(await counted("wallet.payments.finished")).toEqual({ "type=TOP_UP,state=COMPLETED": 1 });
    // The recovery round's work is one trace under a span naming the payment.
    const resumed = finishedSpans().filter((span) => span.name === "payment.resume" && span.attributes["wallet.payment.id"] === stale._id);
    expect(resumed).toHaveLength(1);
    const steps = finishedSpans().filter((span) => span.name === "saga.debited" && span.spanContext().traceId === resumed[0]!.spanContext().traceId);
    expect(steps.map((span) => span.parentSpanContext?.spanId)).toEqual([resumed[0]!.spanContext().spanId]);
  });

  it("count risk decisions by decision and the rule that decided", async () => {
    const facts: RiskFacts = {
      kind: "TRANSFER", amount: 5_000n, currency: "JPY", now: clock.now, ial: 2, aal: 2, stepUpVerified: false,
      userPaymentsLast24h: 0, userAmountLast24h: 0n, link: undefined, bankAccountTopUpsLast24h: 0,
      bankAccountOtherOwnersLast30d: 0, ownerBankAccountsLast30d: 0, firstTimePayee: false,
    };
    await assessRisk(facts);
    await assessRisk({ ...facts, firstTimePayee: true });
    await assessRisk({ ...facts, firstTimePayee: true, stepUpVerified: true });
    // Over the cap, and large, and a first-time payee: the DENY decides.
    await assessRisk({ ...facts, amount: 300_001n, firstTimePayee: true });
    expect(await counted("wallet.payment.risk_decisions")).toEqual({
      "decision=ALLOW,rule=NONE": 1,
      "decision=STEP_UP,rule=FIRST_TIME_PAYEE": 1,
      "decision=ALLOW,rule=FIRST_TIME_PAYEE": 1,
      "decision=DENY,rule=AMOUNT_OVER_CAP": 1,
    });
  });
});
