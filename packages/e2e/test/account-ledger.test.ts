import { status } from "@grpc/grpc-js";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { TestPlatform } from "@wallet/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/failure";
import { fundedWallets, type WalletOwner } from "./support/funded-wallets";

describe("account: the ledger behind the gate, as a real process", () => {
  let platform: TestPlatform;
  let owners: WalletOwner[];
  let ledger: Awaited<ReturnType<typeof fundedWallets>>["ledger"];

  beforeAll(async () => {
    platform = await TestPlatform.start();
    ({ owners, ledger } = await fundedWallets(platform, [100n, 50_000n]));
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it("refuses user B's token on user A's wallet with PERMISSION_DENIED", async () => {
    const [a, b] = owners as [WalletOwner, WalletOwner];
    const account = platform.client(AccountServiceService, "account");
    await expect(account.getBalance({ walletId: a.walletId }, { accessToken: a.session.accessToken })).resolves.toMatchObject({ balance: { minorUnits: 100n } });
    // Thunks, not promises: a second call already started would reject unhandled while the first is awaited.
    for (const call of [
      () => account.getBalance({ walletId: a.walletId }, { accessToken: b.session.accessToken }),
      () => account.listStatement({ walletId: a.walletId, pageSize: 10, pageToken: "" }, { accessToken: b.session.accessToken }),
    ]) {
      const refused = await failure(call());
      expect([refused.code, refused.reason]).toEqual([status.PERMISSION_DENIED, "NOT_RESOURCE_OWNER"]);
    }
  });

  it("lets exactly 100 of 200 concurrent debits through a wallet that can afford 100, and never below zero", async () => {
    const { walletId } = owners[0]!;
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, index) => ledger.debit({
      walletId, amount: { currency: "JPY", minorUnits: 1n }, destination: { merchantId: "coffee" }, idempotencyKey: `coffee-${index}`, paymentId: `pay_coffee_${index}`,
    })));
    const refused = results.filter((result) => result.status === "rejected").map((result) => (result).reason as { reason: string });
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(100);
    expect(new Set(refused.map((error) => error.reason))).toEqual(new Set(["INSUFFICIENT_FUNDS"]));
    const balance = await platform.client(AccountServiceService, "account").getBalance({ walletId }, { accessToken: owners[0]!.session.accessToken });
    expect(balance.balance?.minorUnits).toBe(0n);
    const operator = await platform.operatorClient(AccountServiceService, "account");
    const audit = await operator.runAudit({});
    expect(audit.discrepancies).toEqual([]);
    expect(audit.ledgerTotals).toEqual([{ currency: "JPY", minorUnits: 0n }]);
  });

  it("replays the first result of a key and refuses the key with another amount", async () => {
    const { walletId } = owners[1]!;
    const debit = (minorUnits: bigint) => ledger.debit({ walletId, amount: { currency: "JPY", minorUnits }, destination: { merchantId: "books" }, idempotencyKey: "book-order-1", paymentId: "pay_book" });
    const first = await debit(1_200n);
    const replay = await debit(1_200n);
    expect(replay.movement).toMatchObject({ entryId: first.movement!.entryId, replayed: true, balanceAfter: { minorUnits: 48_800n } });
    const refused = await failure(debit(1_300n));
    expect([refused.code, refused.reason, refused.facts["mismatched_fields"]]).toEqual([status.FAILED_PRECONDITION, "IDEMPOTENCY_KEY_REUSED", "amount"]);
  });

  it("pages a statement in a stable order, newest first", async () => {
    const { walletId, session } = owners[1]!;
    const account = platform.client(AccountServiceService, "account");
    const sequences: bigint[] = [];
    let pageToken = "";
    do {
      const page = await account.listStatement({ walletId, pageSize: 1, pageToken }, { accessToken: session.accessToken });
      sequences.push(...page.lines.map((line) => line.sequence));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(sequences.length).toBeGreaterThanOrEqual(2);
    expect([...sequences].sort((left, right) => Number(right - left))).toEqual(sequences);
  });

  it("freezes a wallet for the fraud team: it cannot send", async () => {
    const { walletId } = owners[1]!;
    const operator = await platform.operatorClient(AccountServiceService, "account");
    await operator.freezeWallet({ walletId, reason: "reported compromised", idempotencyKey: "freeze-owner1" });
    const refused = await failure(ledger.debit({ walletId, amount: { currency: "JPY", minorUnits: 1n }, destination: { fees: true }, idempotencyKey: "after-freeze", paymentId: "pay_freeze" }));
    expect(refused.reason).toBe("WALLET_FROZEN");
    await operator.unfreezeWallet({ walletId, reason: "cleared", idempotencyKey: "unfreeze-owner1" });
  });
});
