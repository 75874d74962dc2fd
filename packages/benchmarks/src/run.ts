#!/usr/bin/env node
// `pnpm bench` (all), `pnpm --filter @wallet/benchmarks bench:ledger`. Figures go to stdout and
// to .bench-results/<name>.json. BENCH_SECONDS, BENCH_CONCURRENCY, BENCH_USERS and
// BENCH_ROUNDS (tracing on/off pairs of phases) tune a run.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ledgerBench } from "./ledger-bench";
import { transfersBench } from "./transfers-bench";

const seconds = Number(process.env["BENCH_SECONDS"] ?? 10);
const concurrency = Number(process.env["BENCH_CONCURRENCY"] ?? 32);
const which = process.argv[2] ?? "all";

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  ledger: () => ledgerBench({ seconds, concurrency, wallets: 16 }),
  transfers: () => transfersBench({ seconds, concurrency, users: Number(process.env["BENCH_USERS"] ?? 96), rounds: Number(process.env["BENCH_ROUNDS"] ?? 2) }),
};

async function main(): Promise<void> {
  const outputDir = join(process.cwd(), ".bench-results");
  mkdirSync(outputDir, { recursive: true });
  for (const [name, bench] of Object.entries(benches)) {
    if (which !== "all" && which !== name) continue;
    console.log(`\n== ${name} (${seconds} s, concurrency ${concurrency})`);
    const report = await bench();
    console.log(JSON.stringify(report, null, 2));
    writeFileSync(join(outputDir, `${name}.json`), `${JSON.stringify({ ...report, at: new Date().toISOString(), seconds, concurrency }, null, 2)}\n`);
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
