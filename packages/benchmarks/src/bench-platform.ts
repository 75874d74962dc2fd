import { randomBytes } from "node:crypto";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { openLocalStore } from "@wallet/local-store";
import { newPerson, TestPlatform, type TestPlatformOptions, Users } from "@wallet/testing";

/**
 * Identity decides proofings at once and polls for them every 50 ms while the benchmark makes
 * its users; the measured phases run with the production poll (see `measuredSettings`).
 */
const SETUP_IDENTITY = { PROOFING_DECISION_DELAY_MS: "0", PROOFING_POLL_INTERVAL_MS: "50" };
/** Identity's own defaults again: a 50 ms proofing poll is 20 store reads a second of load. */
const MEASURED_IDENTITY = { PROOFING_POLL_INTERVAL_MS: "500" };

/** A fresh store and platform for one benchmark run (the embedded store unless MONGODB_URI). */
export async function benchPlatform(options: TestPlatformOptions = {}) {
  const store = await openLocalStore({ postgresDatabase: `wallet_bench_${randomBytes(4).toString("hex")}`, dropOnStop: true });
  process.env["WALLET_TEST_STORE_URI"] = store.uri;
  const platform = await TestPlatform.start({
    ...options,
    environmentOf: { ...options.environmentOf, identity: { ...SETUP_IDENTITY, ...options.environmentOf?.identity } },
  });
  return {
    store,
    platform,
    /** Setup is over: identity runs as in production from its next start on. */
    measuredSettings() {
      platform.platform.processes.identity.setEnvironment(MEASURED_IDENTITY);
    },
    async stop() {
      await platform.stop();
      await store.stop();
    },
  };
}

/** Proofed owners with funded JPY wallets. */
export async function fundedWallets(platform: TestPlatform, count: number, amount: bigint) {
  const users = await Users.on(platform);
  const account = platform.client(AccountServiceService, "account");
  const ledger = await platform.serviceClient(AccountServiceService, "account", "payment");
  const owners = [];
  for (let index = 0; index < count; index++) {
    const session = await users.honest(newPerson(`bench${index}`));
    const { wallet } = await account.openWallet({ currency: "JPY" }, { accessToken: session.accessToken });
    await ledger.credit({ walletId: wallet!.walletId, amount: { currency: "JPY", minorUnits: amount }, source: { bankCode: "0001" }, idempotencyKey: `bench-fund-${index}`, paymentId: "pay_bench_fund" });
    owners.push({ session, walletId: wallet!.walletId });
  }
  return { owners, ledger };
}
