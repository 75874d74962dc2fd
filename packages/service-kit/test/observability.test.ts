import { Writable } from "node:stream";
import { ChannelCredentials, ServerCredentials, status } from "@grpc/grpc-js";
import { metrics } from "@opentelemetry/api";
import { AggregationTemporality, type DataPoint, type Histogram, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { Caller, type Requirement } from "@wallet/contracts/wallet/gate/v1/requirement";
import { type AuthorizeResponse, Decision } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { SandboxBankAdminServiceService } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { currentSpanId, currentTraceId, inSpan, shutdownTelemetry, startTelemetry } from "@wallet/telemetry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/client/create-client";
import { createLogger } from "../src/logging/logger";
import { gateInterceptor } from "../src/server/gate-interceptor";
import { hosted, startServer } from "../src/server/grpc-server";

const OPEN = "/wallet.sandboxbank.v1.SandboxBankAdminService/OpenAccount";
const GET = "/wallet.sandboxbank.v1.SandboxBankAdminService/GetAccount";

const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });

beforeAll(() => {
  Object.assign(process.env, { OTEL_TRACES_EXPORTER: "none", OTEL_METRICS_EXPORTER: "none", WALLET_TELEMETRY_MEMORY: "true", OTEL_SERVICE_NAME: "service-kit-test" });
  startTelemetry();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});
afterAll(async () => {
  await reader.shutdown();
  await shutdownTelemetry();
});

function lines(): { stream: Writable; read: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk.toString("utf8")); done(); } });
  return { stream, read: () => chunks.join("").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("structured logs", () => {
  it("carry the active span's trace and span ids, and none outside a span", async () => {
    const output = lines();
    const logger = createLogger("test", "info", output.stream);
    logger.info("outside any call");
    const ids = await inSpan("step", {}, () => {
      logger.info({ payment_id: "pay_1" }, "inside a step");
      return Promise.resolve({ traceId: currentTraceId(), spanId: currentSpanId() });
    });
    const [outside, inside] = output.read();
    expect(outside).not.toHaveProperty("trace_id");
    expect(inside).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, payment_id: "pay_1", service: "test" });
    expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("redact personal data and secrets at the logger, however deep they sit", () => {
    const output = lines();
    const logger = createLogger("test", "info", output.stream);
    logger.info({
      email: "taro@example.test",
      request: { phone: "+819012345678", pin: "1234", holderNameLatin: "YAMADA TARO", oneTimeCode: "123456" },
      user: { profile: { familyKanji: "山田", documentNumber: "123456789012" } },
      link_id: "lnk_1",
    }, "something happened");
    const text = JSON.stringify(output.read());
    for (const secret of ["taro@example.test", "+819012345678", "1234\"", "YAMADA", "123456\"", "山田", "123456789012"]) expect(text).not.toContain(secret);
    expect(text).toContain("lnk_1");
    expect(text).toContain("[redacted]");
  });
});

describe("RED metrics and gate decisions", () => {
  it("time every call by method and status code, and count the gate's decisions by reason", async () => {
    const requirement: Requirement = { caller: Caller.CALLER_USER, minIal: 0, minAal: 1, ownerField: "", stepUp: 0, bindFields: [], allowedServices: [] };
    const answer = (query: { accessToken: string }): AuthorizeResponse => ({
      decision: query.accessToken === "good" ? Decision.DECISION_ALLOW : Decision.DECISION_DENY,
      reason: query.accessToken === "good" ? "" : "TOKEN_INVALID",
      subject: "usr_1", ial: 1, aal: 1, sessionId: "ses_1", callerService: "", challengeId: "", stepUpVerified: false, callerOperator: "", grant: "",
    });
    const runtime = await startServer({
      serviceName: "test",
      host: "127.0.0.1",
      port: 0,
      credentials: ServerCredentials.createInsecure(),
      shutdownGraceMs: 2_000,
      logger: createLogger("test", "silent"),
      interceptors: [gateInterceptor({ policy: new Map([[OPEN, requirement], [GET, { ...requirement, caller: Caller.CALLER_SERVICE }]]), authorizer: { authorize: (query) => Promise.resolve(answer(query)) } })],
      services: [hosted("wallet.sandboxbank.v1.SandboxBankAdminService", SandboxBankAdminServiceService, {
        openBank: () => Promise.resolve({}),
        openAccount: () => Promise.resolve({ accountId: "acc_1" }),
        getAccount: () => Promise.resolve({ balance: undefined, consents: [] }),
        listMovements: () => Promise.resolve({ movements: [] }),
        listOutboxMessages: () => Promise.resolve({ messages: [] }),
      })],
    });
    const client = createClient(SandboxBankAdminServiceService, { address: runtime.address, audience: "test", credentials: ChannelCredentials.createInsecure(), defaultDeadlineMs: 5_000 });
    try {
      const open = { bankCode: "0001", branchCode: "001", accountNumber: "1234567", holderNameKana: "", holderNameLatin: "", openingBalance: undefined, pin: "", registeredPhone: "" };
      await client.openAccount(open, { accessToken: "good" });
      await client.openAccount(open, { accessToken: "good" });
      await expect(client.openAccount(open, { accessToken: "forged" })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      await expect(client.getAccount({ bankCode: "0001", branchCode: "001", accountNumber: "1234567" })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    } finally {
      client.close();
      await runtime.shutdown("test over");
    }
    await reader.forceFlush();

    const exported = exporter.getMetrics().at(-1)!.scopeMetrics.flatMap((scope) => scope.metrics);
    const points = (name: string) => exported.find((metric) => metric.descriptor.name === name)?.dataPoints ?? [];
    const server = points("rpc.server.duration") as DataPoint<Histogram>[];
    const count = (method: string, code: number) => server.find((point) => point.attributes["rpc.method"] === method && point.attributes["rpc.grpc.status_code"] === code)?.value.count;
    expect([count("OpenAccount", status.OK), count("OpenAccount", status.UNAUTHENTICATED), count("GetAccount", status.PERMISSION_DENIED)]).toEqual([2, 1, 1]);
    expect(server[0]?.attributes).toMatchObject({ "rpc.system": "grpc", "rpc.service": "wallet.sandboxbank.v1.SandboxBankAdminService" });
    const calls = points("rpc.server.calls");
    expect(calls.reduce((total, point) => total + (point.value as number), 0)).toBe(4);
    // The client side saw the same calls.
    const outbound = points("rpc.client.duration") as DataPoint<Histogram>[];
    expect(outbound.reduce((total, point) => total + point.value.count, 0)).toBe(4);

    const decisions = points("wallet.gate.decisions").map((point) => [point.attributes["decision"], point.attributes["reason"], point.value]);
    expect(decisions).toEqual(expect.arrayContaining([["ALLOW", "NONE", 2], ["DENY", "TOKEN_INVALID", 1], ["DENY", "SERVICE_ASSERTION_MISSING", 1]]));
    expect(decisions).toHaveLength(3);
  });
});
