import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { connectStore, ensureIndexes } from "@wallet/store-kit";
import { type Connection } from "mongoose";
import { createLedger } from "../src/domain/ledger/create-ledger";
import { type LedgerContext } from "../src/domain/ledger/ledger-context";
import { openWallet } from "../src/domain/operations/wallet-open";

/** A ledger over its own database in the run's real store, with a clock tests can move. */
export async function ledgerFixture(name: string) {
  const connection: Connection = await connectStore({ uri: testStoreUri(), database: uniqueDatabaseName(name), poolSize: 20 });
  const clock = { now: new Date("2026-11-25T03:00:00Z") };
  const ledger: LedgerContext = createLedger(connection, { timeZone: "Asia/Tokyo", clock: () => clock.now });
  await ensureIndexes(connection);
  return {
    ledger,
    clock,
    /** Another account process over the same store: its own chain caches and queues. */
    replica(betweenSteps: () => Promise<void>): LedgerContext {
      const sameStore = connection.useDb(connection.name, { useCache: false });
      return { ...createLedger(sameStore, { timeZone: "Asia/Tokyo", clock: () => clock.now }), betweenSteps };
    },
    async wallet(owner: string, tier = 2): Promise<string> {
      return (await openWallet(ledger.models, ledger.wallets, { ownerId: owner, currency: "JPY", tier }))._id;
    },
    async close(): Promise<void> {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
