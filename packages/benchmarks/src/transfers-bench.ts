import { PaymentServiceService, PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type ServiceName } from "@wallet/platform-launcher";
import { type TestPlatform } from "@wallet/testing";
import { benchPlatform } from "./bench-platform";
import { gateShare, spanTree } from "./gate-share";
import { format, load, type LoadResult, rssSampler, StopWorker } from "./measure";
import { cpuUsage } from "./cpu-usage";
import { conditionalUpdateRate } from "./store-baseline";
import { type Sender, signInAgain, transferSenders } from "./transfer-senders";

const SERVICES: readonly ServiceName[] = ["identity", "sandbox-bank", "account", "bank-link", "payment"];
/** PostgreSQL publishes a backend's statistics within ten seconds of it going idle. */
const STATISTICS_LAG_MS = 11_000;
const WARM_UP_SECONDS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Phase {
  result: LoadResult;
  traceIds: string[];
  peakRssMb: Record<string, number>;
  lifetimePeakRssMb: Record<string, number>;
  /** Cores used on average during the measured part, by process group. */
  cpuCores: Record<string, number>;
  /** Store rows written by database during the measured part, when the store can tell. */
  rowWrites: Record<string, number> | undefined;
}

/**
 * End-to-end transfers per second and latency through the gate (1 JPY between proofed users
 * who know each other, the everyday transfer), with tracing on and then off in the same run,
 * the gate's share of a transfer read from the spans, the store writes one transfer needs, and
 * the store's raw single-document conditional-update rate beside them.
 */
export async function transfersBench(settings: { seconds: number; concurrency: number; users: number }): Promise<Record<string, unknown>> {
  // The batch processor with a production-like delay, not the tests' quick flush.
  const bench = await benchPlatform({ environment: { OTEL_BSP_SCHEDULE_DELAY: "1000" } });
  const { platform } = bench;
  try {
    const raw = await conditionalUpdateRate(bench.store.uri, settings.concurrency, settings.seconds);
    console.log(`store raw conditional updates: ${format(raw)}`);

    const senders = await transferSenders(platform, settings.users);
    console.log(`${senders.length} senders ready (proofed, funded, payee known)`);
    const run = (label: string, rowWrites?: () => Promise<Record<string, number>>) => transferPhase(platform, senders, label, settings, rowWrites);

    const store = bench.store;
    const tracingOn = await run("on", store.rowWrites ? () => store.rowWrites!() : undefined);
    console.log(`tracing on:  ${format(tracingOn.result)}`);

    // The same platform with spans no longer recorded (context still propagates).
    await restartAll(platform, { OTEL_TRACES_SAMPLER: "always_off" });
    const tracingOff = await run("off");
    console.log(`tracing off: ${format(tracingOff.result)}`);

    const traces = await Promise.all(tracingOn.traceIds.slice(0, 300).map((traceId) =>
      platform.sink.waitForTrace(traceId, (spans) => spans.some((span) => span.service === "payment" && span.kind === 2), 5_000)));
    const gate = gateShare(traces);
    if (process.env["BENCH_SHOW_TRACE"] === "true") console.log(spanTree(traces[Math.floor(traces.length / 2)] ?? []));
    const writes = writesPerTransfer(tracingOn.rowWrites, tracingOn.result.operations);
    const physicalLimit = raw.perSecond / writes.total;
    const peakRss = Object.fromEntries(SERVICES.map((service) => [service, Math.max(tracingOn.peakRssMb[service] ?? 0, tracingOff.peakRssMb[service] ?? 0)]));

    const report = {
      storeRawConditionalUpdatesPerSecond: Math.round(raw.perSecond),
      storeWritesPerTransfer: writes,
      physicalLimitTransfersPerSecond: Number(physicalLimit.toFixed(1)),
      tracingOn: summary(tracingOn.result),
      tracingOff: summary(tracingOff.result),
      ratioToPhysicalLimit: Number((tracingOn.result.perSecond / physicalLimit).toFixed(2)),
      tracingThroughputCost: Number((1 - tracingOn.result.perSecond / tracingOff.result.perSecond).toFixed(3)),
      gate: {
        tracesRead: gate.traces,
        shareOfTransferP50: Number(gate.shareP50.toFixed(3)),
        addsToP50: Number(gate.addsToP50.toFixed(3)),
        gateMsP50: Number(gate.gateMsP50.toFixed(2)),
        transferServerMsP50: Number(gate.transferMsP50.toFixed(2)),
        authorizeRoundTripsPerTransfer: Number(gate.authorizeCallsPerTransfer.toFixed(2)),
      },
      peakRssMbUnderLoad: peakRss,
      lifetimePeakRssMb: tracingOn.lifetimePeakRssMb,
      cpuCoresTracingOn: tracingOn.cpuCores,
      cpuCoresTracingOff: tracingOff.cpuCores,
      targets: {
        throughput: ">= 0.60 of physical limit (raw rate / writes per transfer)",
        gate: "adds <= 10 % to p50",
        tracing: "costs <= 10 % of throughput",
        memory: "every process < 150 MB RSS under load",
      },
    };
    return report;
  } finally {
    await bench.stop();
  }
}

async function transferPhase(
  platform: TestPlatform,
  senders: Sender[],
  label: string,
  settings: { seconds: number; concurrency: number },
  rowWrites?: () => Promise<Record<string, number>>,
): Promise<Phase> {
  await signInAgain(platform, senders);
  const payment = platform.client(PaymentServiceService, "payment");
  const traceIds: string[] = [];
  // Each worker owns its senders, so no two transfers of one wallet race each other.
  const transfer = (measured: boolean) => async (worker: number, sequence: number) => {
    const sender = senders.find((candidate, index) => index % settings.concurrency === worker && candidate.budget > 0);
    if (!sender) throw new StopWorker();
    sender.budget -= 1;
    const { payment: done } = await payment.transfer(
      { payeeHandle: sender.payeeHandle, payeePhone: "", amount: { currency: "JPY", minorUnits: 1n }, idempotencyKey: `bench-${label}-${sequence}-${worker}` },
      { accessToken: sender.session.accessToken },
    );
    if (done?.state !== PaymentState.PAYMENT_STATE_COMPLETED) throw new Error(`transfer ended ${done?.state} ${done?.failureReason}`);
    if (measured && traceIds.length < 1_000) traceIds.push(done.traceId);
  };
  await load(settings.concurrency, WARM_UP_SECONDS, transfer(false));
  const writesBefore = rowWrites ? await settledRowWrites(rowWrites) : undefined;
  const samplers = SERVICES.map((service) => [service, rssSampler(platform.platform.processes[service].pid ?? 0)] as const);
  const cpu = cpuUsage();
  const result = await load(settings.concurrency, settings.seconds, transfer(true));
  const cpuCores = cpu.stop();
  const memory = samplers.map(([service, sampler]) => [service, sampler.stop()] as const);
  const peakRssMb = Object.fromEntries(memory.map(([service, { peakMb }]) => [service, peakMb]));
  const lifetimePeakRssMb = Object.fromEntries(memory.map(([service, { lifetimePeakMb }]) => [service, lifetimePeakMb]));
  const writesAfter = rowWrites ? await settledRowWrites(rowWrites) : undefined;
  if (senders.every((sender) => sender.budget === 0)) console.log(`phase ${label}: the senders' daily budget ran out before the time did (raise BENCH_USERS)`);
  return { result, traceIds, peakRssMb, lifetimePeakRssMb, cpuCores, rowWrites: writesBefore && writesAfter ? difference(writesAfter, writesBefore) : undefined };
}

const difference = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([database, count]) => [database, count - (before[database] ?? 0)]));

async function restartAll(platform: TestPlatform, environment: Record<string, string>): Promise<void> {
  const processes = platform.platform.processes;
  for (const service of [...SERVICES].reverse()) await processes[service].stop();
  for (const service of SERVICES) await processes[service].start(30_000, environment);
}

/** Row writes by store database once PostgreSQL has published every backend's counts. */
async function settledRowWrites(read: () => Promise<Record<string, number>>): Promise<Record<string, number>> {
  await sleep(STATISTICS_LAG_MS);
  return read();
}

/**
 * Store writes per transfer by service, as measured; with a store that cannot tell (a real
 * MongoDB), the count from the design: payment 4 (the payment, RESERVED, COMMITTED,
 * COMPLETED) and account 5 (see services/account/README.md).
 */
function writesPerTransfer(rowWrites: Record<string, number> | undefined, transfers: number) {
  if (!rowWrites) return { total: 9, byService: { payment: 4, account: 5 }, measuredOver: 0 };
  const byService: Record<string, number> = {};
  for (const [database, count] of Object.entries(rowWrites)) {
    const service = /_(identity|account|bank-link|payment|sandbox-bank)$/.exec(database)?.[1];
    if (!service || count === 0) continue;
    byService[service] = Number((count / transfers).toFixed(2));
  }
  const total = Object.values(byService).reduce((sum, value) => sum + value, 0);
  return { total: Number(total.toFixed(2)), byService, measuredOver: transfers };
}

function summary(result: LoadResult) {
  return {
    transfersPerSecond: Number(result.perSecond.toFixed(1)),
    p50Ms: Number(result.p50Ms.toFixed(1)),
    p99Ms: Number(result.p99Ms.toFixed(1)),
    completed: result.operations,
    failed: result.failures,
  };
}
