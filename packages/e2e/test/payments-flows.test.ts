import { status } from "@grpc/grpc-js";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import {
  PaymentServiceService,
  PaymentState,
  ReviewDecision,
  RiskDecision,
} from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type PromiseClient, type RemoteError } from "@wallet/service-kit";
import { type CollectedSpan, Customers, type WalletCustomer, TestPlatform } from "@wallet/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/failure";

const SERVER = 2;
const yen = (minorUnits: bigint) => ({ currency: "JPY", minorUnits });

describe("payments: every flow as a saga over account and bank-link", () => {
  let platform: TestPlatform;
  let customers: Customers;
  let payment: PromiseClient<typeof PaymentServiceService>;
  let alice: WalletCustomer;
  let bob: WalletCustomer;

  beforeAll(async () => {
    platform = await TestPlatform.start();
    customers = await Customers.on(platform);
    payment = platform.client(PaymentServiceService, "payment");
    alice = await customers.onboard("alice", { balance: 200_000n });
    bob = await customers.onboard("bob", { balance: 50_000n });
  });
  afterAll(async () => {
    await platform?.stop();
  });

  const balanceOf = async (customer: WalletCustomer) =>
    (await platform.client(AccountServiceService, "account").getBalance({ walletId: customer.walletId }, { accessToken: customer.session.accessToken })).balance!.minorUnits;

  it("tops up as one trace spanning payment, the identity gate, the risk decision, bank-link, the sandbox bank and account", async () => {
    const { payment: topUp } = await payment.topUp({ linkId: alice.link.linkId, amount: yen(5_000n), idempotencyKey: "alice-topup-0001" }, { accessToken: alice.session.accessToken });
    expect(topUp).toMatchObject({ state: PaymentState.PAYMENT_STATE_COMPLETED, risk: { decision: RiskDecision.RISK_DECISION_ALLOW } });
    expect(topUp!.steps.map((step) => step.name)).toEqual(["RISK_CHECKED", "CREDIT_CHECKED", "BANK_DEBITED", "WALLET_CREDITED", "COMPLETED"]);
    expect(await balanceOf(alice)).toBe(5_000n);
    expect(await customers.banks.balance(alice.bank)).toBe(195_000n);

    const servers = ["payment", "identity", "bank-link", "sandbox-bank", "account"];
    const spans = await platform.sink.waitForTrace(topUp!.traceId, (collected) =>
      servers.every((service) => collected.some((span) => span.service === service && span.kind === SERVER)) && collected.some((span) => span.name === "risk.evaluate"));
    for (const service of servers) expect(spans.some((span) => span.service === service && span.kind === SERVER), service).toBe(true);
    const risk = spans.find((span) => span.name === "risk.evaluate") as CollectedSpan;
    expect(risk.attributes).toMatchObject({ "wallet.risk.decision": "ALLOW" });
    const gate = spans.filter((span) => span.name === "gate.authorize" && span.service === "payment");
    expect(gate[0]?.attributes).toMatchObject({ "wallet.gate.decision": "DECISION_ALLOW", "wallet.gate.ial": 2, "wallet.gate.aal": 2 });
    expect(spans.filter((span) => span.name.startsWith("saga.")).map((span) => span.attributes["wallet.saga.step"])).toEqual(["CREDIT_CHECKED", "BANK_DEBITED", "WALLET_CREDITED"]);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([topUp!.traceId]));

    const { payment: read } = await payment.getPayment({ paymentId: topUp!.paymentId }, { accessToken: alice.session.accessToken });
    expect(read).toMatchObject({ traceId: topUp!.traceId, state: PaymentState.PAYMENT_STATE_COMPLETED });
    expect(read!.steps.every((step) => step.at instanceof Date)).toBe(true);
    const someoneElse = await failure(payment.getPayment({ paymentId: topUp!.paymentId }, { accessToken: bob.session.accessToken }));
    expect(someoneElse.code).toBe(status.PERMISSION_DENIED);
  });

  it("asks for a step-up before a first transfer to a payee, bound to that payee and amount", async () => {
    const transfer = (amount: bigint, key: string, stepUpProof?: string) => payment.transfer(
      { payeeHandle: bob.person.handle, payeePhone: "", amount: yen(amount), idempotencyKey: key },
      { accessToken: alice.session.accessToken, ...(stepUpProof ? { stepUpProof } : {}) },
    );
    const challenged = await failure(transfer(1_000n, "alice-to-bob-0001"));
    expect([challenged.code, challenged.reason, challenged.facts["risk_reasons"]]).toEqual([status.PERMISSION_DENIED, "STEP_UP_REQUIRED", "FIRST_TIME_PAYEE"]);
    const challengeId = challenged.facts["challenge_id"]!;
    await customers.users.identity.startStepUp({ challengeId }, { accessToken: alice.session.accessToken });
    const { stepUpProof } = await customers.users.identity.completeStepUp(
      { challengeId, code: await customers.users.latestCode("sms", alice.person.phone) },
      { accessToken: alice.session.accessToken },
    );
    // The proof is for 1,000 yen to Bob: not for 1,001 yen.
    const wrongAmount = await failure(transfer(1_001n, "alice-to-bob-0002", stepUpProof));
    expect(wrongAmount.reason).toBe("STEP_UP_PROOF_MISMATCH");
    const { payment: sent } = await transfer(1_000n, "alice-to-bob-0001", stepUpProof);
    expect(sent).toMatchObject({ state: PaymentState.PAYMENT_STATE_COMPLETED, payeeHandle: bob.person.handle, risk: { stepUpVerified: true, reasons: ["FIRST_TIME_PAYEE"] } });
    expect([await balanceOf(alice), await balanceOf(bob)]).toEqual([4_000n, 1_000n]);
    // Bob is a known payee now: no step-up.
    const { payment: again } = await transfer(500n, "alice-to-bob-0003");
    expect(again?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);

    // At most one trip to the store for the gate per transfer: payment's Authorize reads the
    // session and the user, or finds them in identity's cache of live sessions (Alice has just
    // transferred); identity's own gate on the payee lookup takes them from that cache
    // or from the operation's grant, never from the store again.
    const isPayeeGate = (span: CollectedSpan) => span.service === "identity" && span.name === "gate.authorize" && span.attributes["wallet.gate.action"] === "/wallet.identity.v1.IdentityService/ResolvePayee";
    const spans = await platform.sink.waitForTrace(again!.traceId, (collected) => collected.some((span) => isPayeeGate(span) && "wallet.gate.cached_records" in span.attributes));
    const source = (span: CollectedSpan | undefined) => span?.attributes["wallet.gate.grant"] === true ? "grant" : span?.attributes["wallet.gate.cached_records"] === true ? "cache" : "store";
    const authorize = spans.find((span) => span.service === "identity" && span.kind === SERVER && span.name.endsWith("/Authorize"));
    expect(["cache", "store"]).toContain(source(authorize));
    expect(["cache", "grant"]).toContain(source(spans.find(isPayeeGate)));
  });

  it("pays a merchant, and refunds it in parts, never beyond the payment", async () => {
    const { payment: paid } = await payment.pay({ merchantId: "corner-cafe", amount: yen(1_200n), orderReference: "order-42", idempotencyKey: "alice-cafe-0001" }, { accessToken: alice.session.accessToken });
    expect(paid?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);
    const operator = await platform.operatorClient(PaymentServiceService, "payment");
    const refund = (minorUnits: bigint, key: string) => operator.refund({ paymentId: paid!.paymentId, amount: yen(minorUnits), reason: "cold coffee", idempotencyKey: key });
    expect((await refund(700n, "refund-part-one")).payment?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);
    expect((await refund(500n, "refund-part-two")).payment?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);
    const tooMuch = (await refund(1n, "refund-part-three")).payment;
    expect([tooMuch?.state, tooMuch?.failureReason]).toEqual([PaymentState.PAYMENT_STATE_FAILED, "REFUND_EXCEEDS_PAYMENT"]);
    // 5,000 topped up, 1,500 sent to Bob, 1,200 paid and 1,200 refunded.
    expect(await balanceOf(alice)).toBe(3_500n);
  });

  it("withdraws to the linked bank account", async () => {
    const before = await customers.banks.balance(alice.bank);
    const { payment: withdrawal } = await payment.withdraw({ linkId: alice.link.linkId, amount: yen(2_000n), idempotencyKey: "alice-withdraw-01" }, { accessToken: alice.session.accessToken });
    expect(withdrawal!.steps.map((step) => step.name)).toEqual(["RISK_CHECKED", "RESERVED", "BANK_CREDITED", "COMMITTED", "COMPLETED"]);
    expect(await customers.banks.balance(alice.bank)).toBe(before + 2_000n);
    expect(await balanceOf(alice)).toBe(1_500n);
  });

  it("makes exactly one payment of the same key sent 20 times at once, and refuses the key with another amount", async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, () =>
      payment.pay({ merchantId: "bakery", amount: yen(100n), orderReference: "bread", idempotencyKey: "alice-bread-0001" }, { accessToken: alice.session.accessToken })));
    const ids = new Set(results.flatMap((result) => (result.status === "fulfilled" ? [result.value.payment!.paymentId] : [])));
    expect(ids.size).toBe(1);
    const mismatch = await failure(payment.pay({ merchantId: "bakery", amount: yen(101n), orderReference: "bread", idempotencyKey: "alice-bread-0001" }, { accessToken: alice.session.accessToken }));
    expect([mismatch.code, mismatch.reason, mismatch.facts["mismatched_fields"]]).toEqual([status.FAILED_PRECONDITION, "IDEMPOTENCY_KEY_REUSED", "amount"]);
    const { payments } = await payment.listPayments({ pageSize: 100, pageToken: "" }, { accessToken: alice.session.accessToken });
    expect(payments.filter((listed) => listed.merchantId === "bakery")).toHaveLength(1);
    expect(await balanceOf(alice)).toBe(1_400n);
  });

  it("never overdraws with 100 concurrent transfers that together exceed the balance", async () => {
    // As a real client would, a call whose answer is lost to its deadline is sent again under
    // the same idempotency key, which replays the transfer instead of making a second one.
    const send = async (index: number, attempt = 1): Promise<Awaited<ReturnType<typeof payment.transfer>>> => {
      try {
        return await payment.transfer(
          { payeeHandle: bob.person.handle, payeePhone: "", amount: yen(50n), idempotencyKey: `burst-transfer-${index}` },
          { accessToken: alice.session.accessToken },
        );
      } catch (error) {
        if ((error as RemoteError).code === status.DEADLINE_EXCEEDED && attempt < 3) return send(index, attempt + 1);
        throw error;
      }
    };
    const answers = await Promise.all(Array.from({ length: 100 }, (_, index) => send(index)));
    // A transfer whose step (or undo) got no answer in time (about half of the burst: one
    // wallet's reservations queue one after another in account, past payment's 5 s deadline) or
    // a retryable conflict (WALLET_CONTENDED) comes back PROCESSING or COMPENSATING; the recovery
    // worker finishes it. A reservation refused for the money fails the transfer at once (no
    // undo: the refusal proves there is no hold). The burst is judged once every transfer has
    // ended (or is held for review, which only the fraud team ends).
    const settled = (paymentId: string) => payment.getPayment({ paymentId }, { accessToken: alice.session.accessToken });
    const ended = [PaymentState.PAYMENT_STATE_COMPLETED, PaymentState.PAYMENT_STATE_FAILED, PaymentState.PAYMENT_STATE_COMPENSATED, PaymentState.PAYMENT_STATE_HELD_FOR_REVIEW];
    // Recovery retries a contended step with growing delays, up to payment's 30 s maximum, so
    // a payment may wait that long for its next attempt; on failure the payment is shown as is.
    const results = await Promise.all(answers.map(async (answer) => {
      if (ended.includes(answer.payment!.state)) return answer;
      await expect.poll(async () => (await settled(answer.payment!.paymentId)).payment!, { timeout: 60_000, interval: 250 })
        .toSatisfy((current: NonNullable<typeof answer.payment>) => ended.includes(current.state));
      return settled(answer.payment!.paymentId);
    }));
    const completed = results.filter((result) => result.payment?.state === PaymentState.PAYMENT_STATE_COMPLETED).length;
    // 1,400 yen afford exactly 28 transfers of 50.
    expect(completed).toBeLessThanOrEqual(28);
    // The rest are refused by the ledger for the money, or, once the payer's 24-hour count of
    // transfers under way passes the velocity rule's 30, held for review before any money moves;
    // which of the two depends on how the burst interleaves.
    const refusedFor = results
      .filter((result) => result.payment?.state !== PaymentState.PAYMENT_STATE_COMPLETED)
      .map((result) => (result.payment?.state === PaymentState.PAYMENT_STATE_HELD_FOR_REVIEW ? `HELD ${result.payment.risk?.reasons.join(",")}` : `${result.payment?.state} ${result.payment?.failureReason}`));
    expect(new Set(refusedFor)).toSatisfy((seen: Set<string>) => [...seen].every((outcome) => outcome === `${PaymentState.PAYMENT_STATE_FAILED} INSUFFICIENT_FUNDS` || outcome === "HELD VELOCITY_USER"));
    // The ledger itself refused overdrafts: the burst did press past the balance.
    expect(refusedFor.filter((outcome) => outcome.endsWith("INSUFFICIENT_FUNDS")).length).toBeGreaterThan(0);
    // Every yen accounted for; with no hold in the burst, all 28 affordable transfers went through.
    expect(await balanceOf(alice)).toBe(1_400n - 50n * BigInt(completed));
    if (!refusedFor.some((outcome) => outcome.startsWith("HELD"))) expect(completed).toBe(28);
    const audit = await (await platform.operatorClient(AccountServiceService, "account")).runAudit({});
    expect(audit.discrepancies).toEqual([]);
  });

  it("holds for review a wallet funded from many bank accounts, until the fraud team decides", async () => {
    const carol = await customers.onboard("carol", { balance: 30_000n });
    const second = await customers.banks.openAccount(carol.person.name, carol.person.phone, { balance: 30_000n });
    const third = await customers.banks.openAccount(carol.person.name, carol.person.phone, { balance: 30_000n });
    const links = [carol.link, (await customers.banks.link(carol.session, second)).link, (await customers.banks.link(carol.session, third)).link];
    const topUps = [];
    for (const [index, link] of links.entries()) {
      topUps.push((await payment.topUp({ linkId: link.linkId, amount: yen(1_000n), idempotencyKey: `carol-topup-${index}-x` }, { accessToken: carol.session.accessToken })).payment!);
    }
    expect(topUps.map((topUp) => topUp.state)).toEqual([PaymentState.PAYMENT_STATE_COMPLETED, PaymentState.PAYMENT_STATE_COMPLETED, PaymentState.PAYMENT_STATE_HELD_FOR_REVIEW]);
    expect(topUps[2]!.risk).toMatchObject({ decision: RiskDecision.RISK_DECISION_HOLD_FOR_REVIEW, reasons: ["WALLET_FUNDED_BY_MANY_BANK_ACCOUNTS"] });
    expect(await customers.banks.balance(third)).toBe(30_000n);

    const operator = await platform.operatorClient(PaymentServiceService, "payment");
    const { payment: approved } = await operator.reviewPayment({ paymentId: topUps[2]!.paymentId, decision: ReviewDecision.REVIEW_DECISION_APPROVE, note: "known customer" });
    expect(approved?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);
    expect(await customers.banks.balance(third)).toBe(29_000n);
    const { payment: inspected, ownerId } = await operator.inspectPayment({ paymentId: topUps[2]!.paymentId });
    expect([ownerId, inspected?.steps.map((step) => step.name)]).toEqual([carol.session.userId, ["RISK_CHECKED", "REVIEW_APPROVED", "CREDIT_CHECKED", "BANK_DEBITED", "WALLET_CREDITED", "COMPLETED"]]);

    // An approval and a rejection racing on each of four held top-ups: exactly one decision
    // takes effect on each, and money moves for the approved ones only.
    const held = [];
    for (let index = 0; index < 4; index++) {
      held.push((await payment.topUp({ linkId: links[2]!.linkId, amount: yen(1_000n), idempotencyKey: `carol-race-${index}` }, { accessToken: carol.session.accessToken })).payment!);
    }
    expect(held.map((heldTopUp) => heldTopUp.state)).toEqual(Array(4).fill(PaymentState.PAYMENT_STATE_HELD_FOR_REVIEW));
    const decide = (paymentId: string, decision: ReviewDecision) => operator.reviewPayment({ paymentId, decision, note: "race" });
    const races = await Promise.all(held.map((heldTopUp) => Promise.allSettled([
      decide(heldTopUp.paymentId, ReviewDecision.REVIEW_DECISION_APPROVE),
      decide(heldTopUp.paymentId, ReviewDecision.REVIEW_DECISION_REJECT),
    ])));
    let approvals = 0n;
    for (const [index, [approval, rejection]] of races.entries()) {
      const winners = [approval, rejection].filter((outcome) => outcome.status === "fulfilled");
      expect(winners).toHaveLength(1);
      const loser = [approval, rejection].find((outcome) => outcome.status === "rejected")!;
      expect(["ALREADY_DECIDED", "NOT_HELD_FOR_REVIEW"]).toContain((loser.reason as RemoteError).reason);
      const { payment: decided } = await operator.inspectPayment({ paymentId: held[index]!.paymentId });
      const steps = decided!.steps.map((step) => step.name);
      if (approval.status === "fulfilled") {
        approvals += 1n;
        expect([decided!.state, steps.includes("REVIEW_REJECTED")]).toEqual([PaymentState.PAYMENT_STATE_COMPLETED, false]);
      } else {
        expect([decided!.state, decided!.failureReason, steps.includes("REVIEW_APPROVED")]).toEqual([PaymentState.PAYMENT_STATE_FAILED, "REVIEW_REJECTED", false]);
      }
    }
    expect(await customers.banks.balance(third)).toBe(29_000n - 1_000n * approvals);
  });
});
