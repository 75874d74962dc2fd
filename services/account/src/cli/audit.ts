#!/usr/bin/env node
// `pnpm --filter @wallet/account audit`: recomputes the ledger from its postings against the
// database in MONGODB_URI / MONGODB_DATABASE and prints every discrepancy. Exit code 0 when
// the ledger is sound, 1 when it is not, 78 on a configuration problem.
import { connectStore } from "@wallet/store-kit";
import { z } from "zod";
import { ConfigError, loadConfig, storeEnvironment } from "@wallet/service-kit";
import { auditLedger } from "../domain/audit/ledger-audit";
import { createLedger } from "../domain/ledger/create-ledger";

async function main(): Promise<number> {
  const config = loadConfig(z.object({ ...storeEnvironment, LEDGER_TIME_ZONE: z.string().default("Asia/Tokyo") }));
  const connection = await connectStore({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE, poolSize: 4 });
  try {
    const report = await auditLedger(createLedger(connection, { timeZone: config.LEDGER_TIME_ZONE }));
    const lines = [
      `wallets checked:  ${report.walletsChecked}`,
      `entries checked:  ${report.entriesChecked}`,
      `postings checked: ${report.postingsChecked}`,
      ...[...report.ledgerTotals].map(([currency, total]) => `ledger total ${currency}: ${total}`),
      ...[...report.systemBalances].map(([account, { balance }]) => `  ${account}: ${balance}`),
      `discrepancies:    ${report.discrepancies.length}`,
      ...report.discrepancies.map((found) => `  ${found.kind} ${found.accountId} ${found.detail}`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return report.discrepancies.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `audit failed: ${(error as Error).message}`}\n`);
  process.exit(error instanceof ConfigError ? 78 : 2);
});
