import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { type Payment, PaymentServiceService, PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type PromiseClient } from "@wallet/service-kit";
import { Customers, TestPlatform, type WalletCustomer } from "@wallet/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankMovementsMatchPayments, moneySnapshot, storedPayments } from "./support/money-check";

const yen = (minorUnits: bigint) => ({ currency: "JPY", minorUnits });
/** Short enough that the second case outlives it, long enough that the first does not. */
const DEADLINE_MS = 10_000;
const stepNames = (payment: Payment | undefined) => payment?.steps.map((step) => step.name) ?? [];

describe("the sandbox bank down in the middle of payments", () => {
  let platform: TestPlatform;
  let customers: Customers;
  let payment: PromiseClient<typeof PaymentServiceService>;
  let alice: WalletCustomer;

  beforeAll(async () => {
    platform = await TestPlatform.start({
      environmentOf: { payment: { PAYMENT_DEADLINE_MS: String(DEADLINE_MS), RECOVERY_INTERVAL_MS: "200", RETRY_BASE_MS: "200", MAX_RETRY_DELAY_MS: "1000" } },
    });
    customers = await Customers.on(platform);
    payment = platform.client(PaymentServiceService, "payment");
    alice = await customers.onboard("alice", { balance: 100_000n });
    const { payment: seeded } = await payment.topUp({ linkId: alice.link.linkId, amount: yen(5_000n), idempotencyKey: "outage-seed" }, { accessToken: alice.session.accessToken });
    expect(seeded?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);
  });
  afterAll(async () => {
    await platform?.stop();
  });

  const bank = () => platform.platform.processes["sandbox-bank"];
  const read = async (paymentId: string) => (await payment.getPayment({ paymentId }, { accessToken: alice.session.accessToken })).payment!;
  const wallet = async () => {
    const { balance, available } = await platform.client(AccountServiceService, "account").getBalance({ walletId: alice.walletId }, { accessToken: alice.session.accessToken });
    return { minorUnits: balance!.minorUnits, available: available!.minorUnits };
  };
  /** Money at the bank and in the wallet, as Alice would see it in both apps. */
  const both = async () => ({ bank: await customers.banks.balance(alice.bank).catch(() => undefined), wallet: (await wallet()).minorUnits });

  it("waits while the bank is down and completes the top-up once it is back, moving the money exactly once", async () => {
    const start = await both();
    await bank().stop();
    const { payment: waiting } = await payment.topUp({ linkId: alice.link.linkId, amount: yen(3_000n), idempotencyKey: "outage-topup-1" }, { accessToken: alice.session.accessToken });
    expect(waiting?.state).toBe(PaymentState.PAYMENT_STATE_PROCESSING);
    // While the bank is down the wallet has not been credited: nothing is half done.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const during = await read(waiting!.paymentId);
    expect([during.state, stepNames(during)]).toEqual([PaymentState.PAYMENT_STATE_PROCESSING, ["RISK_CHECKED", "CREDIT_CHECKED"]]);
    expect((await wallet()).minorUnits).toBe(start.wallet);

    await bank().start();
    await expect.poll(async () => (await read(waiting!.paymentId)).state, { timeout: DEADLINE_MS, interval: 200 }).toBe(PaymentState.PAYMENT_STATE_COMPLETED);
    expect(await both()).toEqual({ bank: start.bank! - 3_000n, wallet: start.wallet + 3_000n });
    expect(stepNames(await read(waiting!.paymentId))).toEqual(["RISK_CHECKED", "CREDIT_CHECKED", "BANK_DEBITED", "WALLET_CREDITED", "COMPLETED"]);

    // The recovery worker finished it in traces of its own, each linked to the request's span.
    const resumed = () => platform.sink.spans.filter((span) => span.name === "payment.resume" && span.attributes["wallet.payment.id"] === waiting!.paymentId);
    await expect.poll(() => resumed().length, { timeout: 10_000, interval: 200 }).toBeGreaterThan(0);
    const request = platform.sink.spans.find((span) => span.traceId === waiting!.traceId && span.service === "payment" && span.kind === 2);
    expect(request).toBeDefined();
    for (const span of resumed()) {
      expect(span.traceId).not.toBe(waiting!.traceId);
      expect(span.links).toContainEqual({ traceId: waiting!.traceId, spanId: expect.any(String) as string });
    }
    expect(resumed().some((span) => span.links.some((link) => link.spanId === request!.spanId))).toBe(true);
  }, 60_000);

  it("undoes a top-up and a withdrawal whose deadline passes while the bank is down, once the bank can confirm it", async () => {
    const start = await both();
    const conserved = (await moneySnapshot(platform, customers, [alice])).conserved;
    await bank().stop();
    const { payment: topUp } = await payment.topUp({ linkId: alice.link.linkId, amount: yen(2_000n), idempotencyKey: "outage-topup-2" }, { accessToken: alice.session.accessToken });
    const { payment: withdrawal } = await payment.withdraw({ linkId: alice.link.linkId, amount: yen(1_500n), idempotencyKey: "outage-withdraw-1" }, { accessToken: alice.session.accessToken });
    expect([topUp?.state, withdrawal?.state]).toEqual([PaymentState.PAYMENT_STATE_PROCESSING, PaymentState.PAYMENT_STATE_PROCESSING]);
    // The withdrawal holds its money: the wallet's ledger balance stays, the available part drops.
    expect(await wallet()).toMatchObject({ minorUnits: start.wallet, available: start.wallet - 1_500n });

    // Past the deadline the payments turn to compensation, which waits for the bank as well:
    // whether the bank took the debit or the credit is only known once it answers.
    await expect.poll(async () => [(await read(topUp!.paymentId)).state, (await read(withdrawal!.paymentId)).state], { timeout: DEADLINE_MS * 2, interval: 500 })
      .toEqual([PaymentState.PAYMENT_STATE_COMPENSATING, PaymentState.PAYMENT_STATE_COMPENSATING]);
    expect((await wallet()).minorUnits).toBe(start.wallet);

    await bank().start();
    await expect.poll(async () => [(await read(topUp!.paymentId)).state, (await read(withdrawal!.paymentId)).state], { timeout: 15_000, interval: 200 })
      .toEqual([PaymentState.PAYMENT_STATE_FAILED, PaymentState.PAYMENT_STATE_FAILED]);
    const [undoneTopUp, undoneWithdrawal] = [await read(topUp!.paymentId), await read(withdrawal!.paymentId)];
    expect([undoneTopUp.failureReason, undoneWithdrawal.failureReason]).toEqual(["DEADLINE_EXCEEDED", "DEADLINE_EXCEEDED"]);
    // The step in doubt was undone at the bank (cancelled under its key), and the hold voided.
    expect(stepNames(undoneTopUp)).toEqual(expect.arrayContaining(["COMPENSATING", "BANK_DEBITED_UNDONE"]));
    expect(stepNames(undoneWithdrawal)).toEqual(expect.arrayContaining(["COMPENSATING", "BANK_CREDITED_UNDONE", "RESERVED_UNDONE"]));
    expect(await both()).toEqual(start);
    expect(await wallet()).toMatchObject({ available: start.wallet });
    expect((await moneySnapshot(platform, customers, [alice])).conserved).toBe(conserved);
    const movements = await customers.banks.movements(alice.bank);
    expect(movements.filter((movement) => movement.kind === "CREDITED")).toHaveLength(0);
  }, 90_000);

  it("settles every top-up exactly once when the bank process dies in the middle of them", async () => {
    const conserved = (await moneySnapshot(platform, customers, [alice])).conserved;
    const topUps = Promise.allSettled(Array.from({ length: 5 }, (_, index) =>
      payment.topUp({ linkId: alice.link.linkId, amount: yen(BigInt(100 * (index + 1))), idempotencyKey: `outage-burst-${index}` }, { accessToken: alice.session.accessToken })));
    await new Promise((resolve) => setTimeout(resolve, 60));
    // A crash, not a shutdown: debits the bank made may never have been answered.
    await bank().kill();
    await topUps;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await bank().start();
    await expect.poll(async () => (await storedPayments(platform)).filter((stored) => !stored.terminal).length, { timeout: DEADLINE_MS * 2, interval: 250 }).toBe(0);
    expect(await bankMovementsMatchPayments(customers, [alice], await storedPayments(platform))).toEqual([]);
    expect((await moneySnapshot(platform, customers, [alice])).conserved).toBe(conserved);
    const audit = await (await platform.operatorClient(AccountServiceService, "account")).runAudit({});
    expect(audit.discrepancies).toEqual([]);
  }, 60_000);
});
