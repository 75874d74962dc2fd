import { randomInt } from "node:crypto";
import { AccountServiceService, HoldState } from "@wallet/contracts/wallet/account/v1/account_service";
import { TestPlatform } from "@wallet/testing";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedWallets, type WalletOwner } from "./support/funded-wallets";

const KILLS = Number(process.env["KILLS"] ?? 50);

describe("account killed with SIGKILL in the middle of multi-step operations", () => {
  let platform: TestPlatform;
  let owners: WalletOwner[];
  let ledger: Awaited<ReturnType<typeof fundedWallets>>["ledger"];
  let store: MongoClient;

  beforeAll(async () => {
    // LEDGER_STEP_DELAY_MS widens the gaps between the steps of an operation so that kills at
    // random times land inside them (the dev-profile seam the account service offers for this).
    platform = await TestPlatform.start({ environmentOf: { account: { HOLD_RECOVERY_GRACE_MS: "300", RECOVERY_INTERVAL_MS: "150", LEDGER_STEP_DELAY_MS: "40" } } });
    ({ owners, ledger } = await fundedWallets(platform, [500_000n, 500_000n, 500_000n]));
    store = new MongoClient(platform.platform.wiring.storeUri);
  });
  afterAll(async () => {
    await store?.close();
    await platform?.stop();
  });

  it(`recovers after each of ${KILLS} kills: every interrupted operation finished or undone, and the audit clean`, async () => {
    const account = platform.platform.processes.account;
    const operator = await platform.operatorClient(AccountServiceService, "account");
    const markers = store.db(`${platform.platform.wiring.databasePrefix}account`).collection<{ _id: string }>("open_holds");
    const holds: string[] = [];
    const wallet = () => owners[randomInt(owners.length)]!.walletId;
    const amount = () => ({ currency: "JPY", minorUnits: BigInt(randomInt(1, 3_000)) });
    let interrupted = 0;
    let succeeded = 0;

    for (let kill = 0; kill < KILLS; kill++) {
      const operations = Array.from({ length: 12 }, (_, index): Promise<unknown> => {
        const key = `crash-${kill}-op-${index}`;
        switch (randomInt(6)) {
          case 0:
            return ledger.credit({ walletId: wallet(), amount: amount(), source: { bankCode: "0001" }, idempotencyKey: key, paymentId: `pay_${key}` });
          case 1:
            return ledger.debit({ walletId: wallet(), amount: amount(), destination: { merchantId: "shop" }, idempotencyKey: key, paymentId: `pay_${key}` });
          case 2:
          case 3:
            return ledger.reserve({ walletId: wallet(), amount: amount(), idempotencyKey: key, paymentId: `pay_${key}`, expiresInSeconds: 30 })
              .then(({ hold }) => holds.push(hold!.holdId));
          case 4: {
            const holdId = holds[randomInt(Math.max(holds.length, 1))] ?? "";
            const destination = randomInt(2) === 0 ? { merchantId: "shop" } : { walletId: wallet() };
            return holdId ? ledger.commitHold({ holdId, destination, settledExternally: false }) : Promise.resolve();
          }
          default: {
            const holdId = holds[randomInt(Math.max(holds.length, 1))] ?? "";
            return holdId ? ledger.voidHold({ holdId, reason: "test" }) : Promise.resolve();
          }
        }
      });
      // Settle handlers attach now: calls cut off by the kill must not go unobserved.
      const settled = Promise.allSettled(operations);
      await new Promise((resolve) => setTimeout(resolve, randomInt(20, 120)));
      await account.kill();
      const outcomes = await settled;
      interrupted += outcomes.filter((outcome) => outcome.status === "rejected" && (outcome.reason as { code?: number }).code === 14).length;
      succeeded += outcomes.filter((outcome) => outcome.status === "fulfilled").length;
      const invalid = outcomes.find((outcome) => outcome.status === "rejected" && (outcome.reason as { code?: number }).code === 3);
      expect(invalid, "no operation may be refused as malformed").toBeUndefined();
      await account.start();
      // The client's channel may be backing off after the kill: wait until it reaches the new
      // process, so the next round's calls really run.
      await expect.poll(() => ledger.findWallet({ ownerId: owners[0]!.session.userId, currency: "JPY" }).then(() => true, () => false), { timeout: 15_000, interval: 100 }).toBe(true);

      // After the grace period, no interrupted operation may be left half done: every marker
      // left belongs to a hold that is simply still reserved.
      await expect.poll(async () => {
        const stale: string[] = [];
        for (const { _id } of await markers.find().toArray()) {
          const { hold } = await ledger.getHold({ holdId: _id }).catch(() => ({ hold: undefined }));
          if (hold?.state !== HoldState.HOLD_STATE_RESERVED) stale.push(_id);
        }
        return stale;
      }, { timeout: 15_000, interval: 200 }).toEqual([]);
      const audit = await operator.runAudit({});
      expect(audit.discrepancies, `after kill ${kill + 1}`).toEqual([]);
      expect(audit.ledgerTotals).toEqual([{ currency: "JPY", minorUnits: 0n }]);
    }
    // The kills did land in the middle of operations, and recovery had real work to do.
    expect(interrupted).toBeGreaterThan(KILLS);
    const recovered = platform.logs
      .filter((entry) => entry.service === "account" && entry.line.includes('"recovery"'))
      .map((entry) => (JSON.parse(entry.line) as { recovery: { finished: number; expired: number; abandoned: number } }).recovery)
      .reduce((sum, round) => sum + round.finished + round.abandoned + round.expired, 0);
    console.log(`${KILLS} kills: ${succeeded} calls completed, ${interrupted} cut off, ${recovered} interrupted holds finished or undone by recovery`);
    // Work went on between the kills (runs saw 46 to 88 calls complete, depending on machine speed)
    // and the kills did cut operations that recovery then had to finish or undo.
    expect(succeeded).toBeGreaterThan(KILLS / 5);
    expect(recovered).toBeGreaterThan(0);
  }, 900_000);
});
