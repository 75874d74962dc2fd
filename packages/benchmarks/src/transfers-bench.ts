import { availableParallelism } from "node:os";
import { PaymentServiceService, PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type RunningStore, type TableActivity } from "@wallet/local-store";
import { type ServiceName } from "@wallet/platform-launcher";
import { type TestPlatform } from "@wallet/testing";
import { benchPlatform } from "./bench-platform";
import { gateShare, spanTree } from "./gate-share";
import { combine, format, load, type LoadResult, rssSampler, StopWorker } from "./measure";
import { cpuUsage, msPerOperation } from "./cpu-usage";
import { conditionalUpdateRate } from "./store-baseline";
import { type Sender, signInAgain, transferSenders } from "./transfer-senders";

const SERVICES: readonly ServiceName[] = ["identity", "sandbox-bank", "account", "bank-link", "payment"];
/** PostgreSQL publishes a backend's statistics within ten seconds of it going idle. */
const STATISTICS_LAG_MS = 11_000;
/** Every phase starts on fresh processes: long enough for the JIT and the services' caches. */
const WARM_UP_SECONDS = 5;
/** Concurrency of the light-load phase: a few transfers at once, the machine not saturated. */
const LIGHT_CONCURRENCY = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type TracingMode = "on" | "off";

/** ABBA order, `rounds` times over: on, off, off, on, on, off, ... */
function tracingOrder(rounds: number): TracingMode[] {
  return Array.from({ length: rounds * 2 }, (_, index) => (Math.floor((index + 1) / 2) % 2 === 0 ? "on" : "off"));
}

/** The phases of one mode as one: latencies pooled, peaks the highest, CPU and activity summed. */
function merge(phases: Phase[]): Phase {
  const peak = (pick: (phase: Phase) => Record<string, number>) => {
    const peaks: Record<string, number> = {};
    for (const phase of phases) for (const [name, value] of Object.entries(pick(phase))) peaks[name] = Math.max(peaks[name] ?? 0, value);
    return peaks;
  };
  const cpuCores: Record<string, number> = {};
  for (const phase of phases) for (const [name, cores] of Object.entries(phase.cpuCores)) cpuCores[name] = Number(((cpuCores[name] ?? 0) + cores / phases.length).toFixed(2));
  const activities = phases.map((phase) => phase.storeActivity);
  return {
    result: combine(phases.map((phase) => phase.result)),
    traceIds: phases.flatMap((phase) => phase.traceIds),
    peakRssMb: peak((phase) => phase.peakRssMb),
    lifetimePeakRssMb: peak((phase) => phase.lifetimePeakRssMb),
    cpuCores,
    storeActivity: activities.every((activity) => activity !== undefined) ? sum(activities) : undefined,
  };
}

/** The same collections' counters added up over several measured parts. */
function sum(activities: TableActivity[][]): TableActivity[] {
  const total = new Map<string, TableActivity>();
  for (const table of activities.flat()) {
    const seen = total.get(tableKey(table));
    total.set(tableKey(table), seen ? withCounters(seen, table, 1) : table);
  }
  return [...total.values()];
}

const COUNTERS = ["writes", "sequentialScans", "rowsScanned", "indexScans"] as const;
const tableKey = (table: TableActivity) => `${table.database}.${table.table}`;

/** `table` with `other`'s counters added (sign 1) or taken away (sign -1). */
function withCounters(table: TableActivity, other: TableActivity | undefined, sign: 1 | -1): TableActivity {
  const counters = Object.fromEntries(COUNTERS.map((counter) => [counter, table[counter] + sign * (other?.[counter] ?? 0)]));
  return { ...table, ...counters };
}

interface Phase {
  result: LoadResult;
  traceIds: string[];
  peakRssMb: Record<string, number>;
  lifetimePeakRssMb: Record<string, number>;
  /** Cores used on average during the measured part, by process group. */
  cpuCores: Record<string, number>;
  /** What the store did during the measured part, by collection, when the store can tell. */
  storeActivity: TableActivity[] | undefined;
}

/**
 * End-to-end transfers per second and latency through the gate (1 JPY between proofed users
 * who know each other, the everyday transfer), with tracing on and off alternating in one run,
 * the gate's share of a transfer read from the spans, the store writes one transfer needs, and
 * the store's raw single-document conditional-update rate beside them.
 */
export async function transfersBench(settings: { seconds: number; concurrency: number; users: number; rounds: number }): Promise<Record<string, unknown>> {
  // The batch processor with a production-like delay, not the tests' quick flush.
  const bench = await benchPlatform({ environment: { OTEL_BSP_SCHEDULE_DELAY: "1000" } });
  const { platform } = bench;
  try {
    await checkpoint(bench.store);
    const raw = await conditionalUpdateRate(bench.store.uri, settings.concurrency, settings.seconds);
    console.log(`store raw conditional updates: ${format(raw)}`);

    const everyone = await transferSenders(platform, settings.users);
    // A fifth of the senders is kept for the light-load phase, so the saturated phases cannot
    // use up the daily transfer budget it needs.
    const lightSenders = everyone.slice(0, Math.ceil(everyone.length / 5));
    const senders = everyone.slice(lightSenders.length);
    console.log(`${everyone.length} senders ready (proofed, funded, payee known), ${lightSenders.length} of them kept for the light load`);

    // Tracing on and off alternate (on, off, off, on, ...): the store's tables grow during the
    // run, and a fixed order would charge that slowdown to whichever mode ran last. Every phase
    // starts on freshly started services, with production's settings, so no mode gets the warm
    // processes of the phase before it.
    bench.measuredSettings();
    const store = bench.store;
    const phases: Record<TracingMode, Phase[]> = { on: [], off: [] };
    for (const [index, mode] of tracingOrder(settings.rounds).entries()) {
      await restartAll(platform, mode === "on" ? {} : { OTEL_TRACES_SAMPLER: "always_off" });
      // Store activity is counted with tracing on (it waits for PostgreSQL's statistics).
      const phase = await transferPhase(platform, senders, `${mode}${index}`, settings, store, mode === "on");
      console.log(`tracing ${mode}: ${format(phase.result)}`);
      phases[mode].push(phase);
    }
    const tracingOn = merge(phases.on);
    const tracingOff = merge(phases.off);
    // The same transfers at a light load (tracing on, as the ABBA order ends): the gate's share
    // when the machine is not saturated, beside its share at full load above.
    await restartAll(platform, {});
    const light = await transferPhase(platform, lightSenders, "light", { seconds: settings.seconds, concurrency: LIGHT_CONCURRENCY }, bench.store);
    console.log(`light load (concurrency ${LIGHT_CONCURRENCY}): ${format(light.result)}`);

    // Up to 300 traces of each, once payment's server span has arrived.
    const tracesOf = (phase: Phase) => Promise.all(phase.traceIds.slice(0, 300).map((traceId) =>
      platform.sink.waitForTrace(traceId, (spans) => spans.some((span) => span.service === "payment" && span.kind === 2), 5_000)));
    const traces = await tracesOf(tracingOn);
    const lightTraces = await tracesOf(light);
    const gate = gateShare(traces);
    const lightGate = gateShare(lightTraces);
    if (process.env["BENCH_SHOW_TRACE"] === "true") {
      console.log(`a transfer at full load:\n${spanTree(traces[Math.floor(traces.length / 2)] ?? [])}`);
      console.log(`a transfer at light load:\n${spanTree(lightTraces[Math.floor(lightTraces.length / 2)] ?? [])}`);
    }
    const writes = writesPerTransfer(tracingOn.storeActivity, tracingOn.result.operations);
    const physicalLimit = raw.perSecond / writes.total;
    const everyPhase = merge([...phases.on, ...phases.off]);
    const cpuMs = msPerOperation(tracingOn.cpuCores, tracingOn.result.perSecond);

    const report = {
      storeRawConditionalUpdatesPerSecond: Math.round(raw.perSecond),
      storeWritesPerTransfer: writes,
      storeReadsPerTransfer: readsPerTransfer(tracingOn.storeActivity, tracingOn.result.operations),
      physicalLimitTransfersPerSecond: Number(physicalLimit.toFixed(1)),
      tracingOn: summary(tracingOn.result),
      tracingOff: summary(tracingOff.result),
      ratioToPhysicalLimit: Number((tracingOn.result.perSecond / physicalLimit).toFixed(2)),
      ratioCeilingWithFreeServices: ratioCeiling(cpuMs, physicalLimit),
      tracingThroughputCost: Number((1 - tracingOn.result.perSecond / tracingOff.result.perSecond).toFixed(3)),
      gate: {
        tracesRead: gate.traces,
        shareOfTransferP50: Number(gate.shareP50.toFixed(3)),
        addsToP50: Number(gate.addsToP50.toFixed(3)),
        gateMsP50: Number(gate.gateMsP50.toFixed(2)),
        transferServerMsP50: Number(gate.transferMsP50.toFixed(2)),
        authorizeRoundTripsPerTransfer: Number(gate.authorizeCallsPerTransfer.toFixed(2)),
      },
      lightLoad: {
        concurrency: LIGHT_CONCURRENCY,
        ...summary(light.result),
        gateShareOfTransferP50: Number(lightGate.shareP50.toFixed(3)),
        gateAddsToP50: Number(lightGate.addsToP50.toFixed(3)),
        gateMsP50: Number(lightGate.gateMsP50.toFixed(2)),
      },
      peakRssMbUnderLoad: everyPhase.peakRssMb,
      lifetimePeakRssMb: everyPhase.lifetimePeakRssMb,
      phases: { order: tracingOrder(settings.rounds).join(","), secondsEach: settings.seconds },
      cpuCoresTracingOn: tracingOn.cpuCores,
      cpuCoresTracingOff: tracingOff.cpuCores,
      cpuMsPerTransferTracingOn: cpuMs,
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
  store: RunningStore,
  countStoreActivity = false,
): Promise<Phase> {
  const storeActivity = countStoreActivity && store.tableActivity ? () => store.tableActivity!() : undefined;
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
  const activityBefore = storeActivity ? await settled(storeActivity) : undefined;
  await checkpoint(store);
  const samplers = SERVICES.map((service) => [service, rssSampler(platform.platform.processes[service].pid ?? 0)] as const);
  const cpu = cpuUsage();
  const result = await load(settings.concurrency, settings.seconds, transfer(true));
  const cpuCores = cpu.stop();
  const memory = samplers.map(([service, sampler]) => [service, sampler.stop()] as const);
  const peakRssMb = Object.fromEntries(memory.map(([service, { peakMb }]) => [service, peakMb]));
  const lifetimePeakRssMb = Object.fromEntries(memory.map(([service, { lifetimePeakMb }]) => [service, lifetimePeakMb]));
  const activityAfter = storeActivity ? await settled(storeActivity) : undefined;
  if (senders.every((sender) => sender.budget === 0)) console.log(`phase ${label}: the senders' daily budget ran out before the time did (raise BENCH_USERS)`);
  return { result, traceIds, peakRssMb, lifetimePeakRssMb, cpuCores, storeActivity: activityBefore && activityAfter ? difference(activityAfter, activityBefore) : undefined };
}

function difference(after: TableActivity[], before: TableActivity[]): TableActivity[] {
  const earlier = new Map(before.map((table) => [tableKey(table), table]));
  return after.map((table) => withCounters(table, earlier.get(tableKey(table)), -1));
}

async function restartAll(platform: TestPlatform, environment: Record<string, string>): Promise<void> {
  const processes = platform.platform.processes;
  for (const service of [...SERVICES].reverse()) await processes[service].stop();
  for (const service of SERVICES) await processes[service].start(30_000, environment);
}

/**
 * Every measured part starts right after a PostgreSQL checkpoint (embedded store only): the
 * timed one, every five minutes, otherwise fell in whichever phase ran then, and that phase
 * alone paid for the whole pages it logs afterwards (likely the slow fourth phase of earlier runs).
 */
async function checkpoint(store: RunningStore): Promise<void> {
  await store.checkpoint?.().catch((error: unknown) => console.log(`no checkpoint before the phase: ${(error as Error).message}`));
}

/** The store's counters once PostgreSQL has published every backend's counts. */
async function settled<T>(read: () => Promise<T>): Promise<T> {
  await sleep(STATISTICS_LAG_MS);
  return read();
}

/**
 * Store writes per transfer by service, as measured; with a store that cannot tell (a real
 * MongoDB), the count from the design: payment 4 (the payment, RESERVED, COMMITTED,
 * COMPLETED) and account 5 (see services/account/README.md).
 */
function writesPerTransfer(activity: TableActivity[] | undefined, transfers: number) {
  if (!activity) return { total: 9, byService: { payment: 4, account: 5 }, measuredOver: 0 };
  const byService: Record<string, number> = {};
  for (const table of activity) {
    const service = serviceOf(table);
    if (!service || table.writes === 0) continue;
    byService[service] = Number(((byService[service] ?? 0) + table.writes / transfers).toFixed(2));
  }
  const total = Object.values(byService).reduce((sum, value) => sum + value, 0);
  return { total: Number(total.toFixed(2)), byService, measuredOver: transfers };
}

/**
 * The ratio to the physical limit this machine would reach if the five services took no CPU at
 * all: the store and the load generator share its cores with them, and their CPU per transfer
 * alone bounds the rate. At or below the target, no work on the services can meet it here.
 */
function ratioCeiling(cpuMsPerTransfer: Record<string, number>, physicalLimit: number): number {
  const unavoidableMs = ["ferretdb", "postgres", "mongod", "node:benchmarks"].reduce((sum, group) => sum + (cpuMsPerTransfer[group] ?? 0), 0);
  return Number(((availableParallelism() * 1000) / unavoidableMs / physicalLimit).toFixed(2));
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

const serviceOf = (table: TableActivity) => /_(identity|account|bank-link|payment|sandbox-bank)$/.exec(table.database)?.[1];

/**
 * Store reads per transfer by collection: FerretDB turns every read into SQL, so reads cost
 * the store about as much as writes; whole-table scans grow with the collection.
 */
function readsPerTransfer(activity: TableActivity[] | undefined, transfers: number) {
  if (!activity) return undefined;
  const perTransfer = (count: number) => Number((count / transfers).toFixed(2));
  return Object.fromEntries(activity
    .filter((table) => serviceOf(table) && table.sequentialScans + table.indexScans > 0)
    .map((table) => [`${serviceOf(table)}.${table.table}`, {
      indexScans: perTransfer(table.indexScans),
      sequentialScans: perTransfer(table.sequentialScans),
      rowsScanned: perTransfer(table.rowsScanned),
    }]));
}
