import { format, load, rssSampler } from "./measure";
import { benchPlatform, fundedWallets } from "./bench-platform";
import { conditionalUpdateRate } from "./store-baseline";

/** Store writes one debit needs: the chain insert (see services/account/README.md). */
const WRITES_PER_DEBIT = 1;

/**
 * The ledger's debit rate through the real account process (gRPC, the gate, tracing on) next
 * to the store's raw conditional-update rate measured in the same run.
 */
export async function ledgerBench(settings: { seconds: number; concurrency: number; wallets: number }): Promise<Record<string, unknown>> {
  const bench = await benchPlatform();
  try {
    const raw = await conditionalUpdateRate(bench.store.uri, settings.concurrency, settings.seconds);
    console.log(`store raw conditional updates: ${format(raw)}`);

    const { owners, ledger } = await fundedWallets(bench.platform, settings.wallets, 900_000n);
    const accountPid = bench.platform.platform.processes.account.pid ?? 0;
    const rss = rssSampler(accountPid);
    const debits = await load(settings.concurrency, settings.seconds, (worker, sequence) => ledger.debit({
      walletId: owners[sequence % owners.length]!.walletId,
      amount: { currency: "JPY", minorUnits: 1n },
      destination: { merchantId: "bench" },
      idempotencyKey: `bench-debit-${worker}-${sequence}`,
      paymentId: `pay_bench_${sequence}`,
    }));
    const { peakMb: peakRssMb } = rss.stop();
    console.log(`ledger debits (1 JPY, ${settings.wallets} wallets, gRPC + gate + tracing): ${format(debits)}`);

    const physicalLimit = raw.perSecond / WRITES_PER_DEBIT;
    const report = {
      storeRawConditionalUpdatesPerSecond: Math.round(raw.perSecond),
      writesPerDebit: WRITES_PER_DEBIT,
      debitsPerSecond: Math.round(debits.perSecond),
      postingsPerSecond: Math.round(debits.perSecond * 2),
      debitP50Ms: Number(debits.p50Ms.toFixed(2)),
      debitP99Ms: Number(debits.p99Ms.toFixed(2)),
      debitFailures: debits.failures,
      ratioToPhysicalLimit: Number((debits.perSecond / physicalLimit).toFixed(2)),
      target: ">= 0.60 of (raw rate / writes per debit)",
      accountPeakRssMb: Number(peakRssMb.toFixed(1)),
      rssTarget: "< 150 MB",
    };
    console.log(`postings per second: ${report.postingsPerSecond}; ledger rate / (raw rate / ${WRITES_PER_DEBIT} write) = ${report.ratioToPhysicalLimit}; account peak RSS ${report.accountPeakRssMb} MB`);
    return report;
  } finally {
    await bench.stop();
  }
}
