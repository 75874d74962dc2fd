import { status } from "@grpc/grpc-js";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { PaymentServiceService, PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { RemoteError } from "@wallet/service-kit";
import { Banks, type CollectedSpan, newPerson, TARO, TestPlatform, Users } from "@wallet/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SERVER = 2;

describe("walking skeleton: a top-up across all five processes", () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await TestPlatform.start();
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it("moves the money, refuses a call without a token, and traces the flow across every service", async () => {
    const users = await Users.on(platform);
    const banks = Banks.on(platform);
    const account = platform.client(AccountServiceService, "account");
    const payment = platform.client(PaymentServiceService, "payment");

    const taro = newPerson("taro");
    const bankAccount = await banks.openAccount(TARO, taro.phone, { balance: 100_000n });
    const session = await users.honest(taro);
    const { accessToken } = session;
    const { wallet } = await account.openWallet({ currency: "JPY" }, { accessToken });
    const { link } = await banks.link(session, bankAccount);

    const topUp = { linkId: link.linkId, amount: { currency: "JPY", minorUnits: 5_000n }, idempotencyKey: "skeleton-topup-0001" };
    const refused = await payment.topUp(topUp).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RemoteError);
    expect((refused as RemoteError).code).toBe(status.UNAUTHENTICATED);

    const { payment: paid } = await payment.topUp(topUp, { accessToken });
    expect(paid?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);

    const { balance } = await account.getBalance({ walletId: wallet!.walletId }, { accessToken });
    expect(balance?.minorUnits).toBe(5_000n);
    expect(await banks.balance(bankAccount)).toBe(95_000n);

    const traceId = paid!.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const services = ["payment", "identity", "bank-link", "account", "sandbox-bank"];
    const hasEveryServer = (spans: CollectedSpan[]) => services.every((service) => spans.some((span) => span.service === service && span.kind === SERVER));
    const hasMongoBeneathEach = (spans: CollectedSpan[]) => services.every((service) => mongoSpanUnderServer(spans, service) || gateServedFromCache(spans, service));
    const spans = await platform.sink.waitForTrace(traceId, (collected) => hasEveryServer(collected) && hasMongoBeneathEach(collected));

    for (const service of services) {
      expect(spans.some((span) => span.service === service && span.kind === SERVER), `${service} server span`).toBe(true);
      expect(mongoSpanUnderServer(spans, service) || gateServedFromCache(spans, service), `${service} MongoDB span beneath its server span`).toBe(true);
    }
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([traceId]));
  });
});

/**
 * Identity's part of a top-up may read nothing: the user's session was just used, so the gate
 * answers from identity's cache of live sessions, and its span says so.
 */
function gateServedFromCache(spans: CollectedSpan[], service: string): boolean {
  return service === "identity" && spans.some((span) => span.service === service && span.attributes["wallet.gate.cached_records"] === true);
}

/** A MongoDB client span of `service` whose ancestors include a server span of the same service. */
function mongoSpanUnderServer(spans: CollectedSpan[], service: string): boolean {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  return spans.some((span) => {
    if (span.service !== service || span.attributes["db.system"] !== "mongodb" && span.attributes["db.system.name"] !== "mongodb") return false;
    for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) {
      if (parent.service === service && parent.kind === SERVER) return true;
    }
    return false;
  });
}
