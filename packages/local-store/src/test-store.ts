import { randomBytes } from "node:crypto";
import { openLocalStore } from "./local-store";

/**
 * Vitest global setup: one real store for the whole run (the embedded FerretDB over a fresh
 * PostgreSQL database, dropped at the end; or MONGODB_URI). Its URI reaches the test workers
 * as WALLET_TEST_STORE_URI; each suite uses database names of its own.
 */
export default async function setupTestStore(): Promise<() => Promise<void>> {
  const store = await openLocalStore({
    postgresDatabase: `wallet_test_${randomBytes(5).toString("hex")}`,
    dropOnStop: process.env["WALLET_KEEP_TEST_DATABASES"] !== "true",
  });
  process.env["WALLET_TEST_STORE_URI"] = store.uri;
  return () => store.stop();
}

/** The run's store URI inside a test, with a database name unique to the caller. */
export function testStoreUri(): string {
  const uri = process.env["WALLET_TEST_STORE_URI"] ?? process.env["MONGODB_URI"];
  if (!uri) throw new Error("no test store: add @wallet/local-store/test-store as vitest globalSetup, or set MONGODB_URI");
  return uri;
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}
