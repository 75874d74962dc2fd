import { describe, expect, it } from "vitest";
import { applyLinkChange, assertAllowed, INITIAL_LINK_STATE, type LinkState } from "../src/domain/links/link-state";
import { assertWithinCoolingOff, inCoolingOff, tokyoDay } from "../src/domain/policy/cooling-off";
import { DEFAULT_LINK_POLICY } from "../src/domain/policy/link-policy";

const at = new Date("2026-11-25T03:00:00Z");
const active = (overrides: Partial<LinkState> = {}): LinkState => ({
  ...INITIAL_LINK_STATE, state: "ACTIVE", consentId: "cns_1", activatedAt: at, coolingOffUntil: new Date(at.getTime() + 72 * 3_600_000), ...overrides,
});
const reason = (body: () => void) => {
  try {
    body();
    return "allowed";
  } catch (error) {
    return (error as { reason: string }).reason;
  }
};

describe("a link's life cycle", () => {
  it("goes NEW → AWAITING → ACTIVE → SUSPENDED → UNLINKED and never back", () => {
    let state = applyLinkChange(INITIAL_LINK_STATE, { kind: "STARTED" });
    expect(state.state).toBe("AWAITING_BANK_AUTHENTICATION");
    state = applyLinkChange(state, { kind: "ACTIVATED", consentId: "cns_1", activatedAt: at, coolingOffUntil: at });
    expect([state.state, state.consentId, state.activatedAt]).toEqual(["ACTIVE", "cns_1", at]);
    state = applyLinkChange(state, { kind: "SUSPENDED", reason: "USER_REPORTED_UNRECOGNIZED" });
    expect(reason(() => assertAllowed(state, "ACTIVATED"))).toBe("LINK_STATE_CONFLICT");
    expect(reason(() => assertAllowed(state, "SUSPENDED"))).toBe("LINK_STATE_CONFLICT");
    expect(reason(() => assertAllowed(state, "UNLINKED"))).toBe("allowed");
    state = applyLinkChange(state, { kind: "UNLINKED" });
    for (const kind of ["STARTED", "ACTIVATED", "SUSPENDED", "UNLINKED", "FAILED"] as const) expect(reason(() => assertAllowed(state, kind))).toBe("LINK_STATE_CONFLICT");
  });

  it("moves money only through an ACTIVE link, naming a suspension", () => {
    expect(reason(() => assertAllowed(active(), "DEBIT_ORDERED"))).toBe("allowed");
    expect(reason(() => assertAllowed(active({ state: "SUSPENDED" }), "DEBIT_ORDERED"))).toBe("LINK_SUSPENDED");
    expect(reason(() => assertAllowed(active({ state: "AWAITING_BANK_AUTHENTICATION" }), "CREDIT_ORDERED"))).toBe("LINK_NOT_ACTIVE");
    expect(reason(() => assertAllowed(active({ state: "UNLINKED" }), "DEBIT_ORDERED"))).toBe("LINK_NOT_ACTIVE");
  });

  it("keeps a daily debit total that restarts on a new Tokyo day and gives back released debits", () => {
    let state = applyLinkChange(active(), { kind: "DEBIT_ORDERED", amount: 4_000n, currency: "JPY", day: "2026-11-25" });
    state = applyLinkChange(state, { kind: "DEBIT_ORDERED", amount: 3_000n, currency: "JPY", day: "2026-11-25" });
    expect(state.debitedThatDay).toBe(7_000n);
    state = applyLinkChange(state, { kind: "DEBIT_RELEASED", amount: 3_000n, currency: "JPY", day: "2026-11-25" });
    expect(state.debitedThatDay).toBe(4_000n);
    state = applyLinkChange(state, { kind: "DEBIT_ORDERED", amount: 1_000n, currency: "JPY", day: "2026-11-26" });
    expect([state.debitDay, state.debitedThatDay]).toEqual(["2026-11-26", 1_000n]);
    // A release for an earlier day does not touch today's total.
    expect(applyLinkChange(state, { kind: "DEBIT_RELEASED", amount: 4_000n, currency: "JPY", day: "2026-11-25" }).debitedThatDay).toBe(1_000n);
  });
});

describe("cooling-off of a fresh link", () => {
  const policy = DEFAULT_LINK_POLICY;

  it("lasts 72 hours and allows 10,000 yen per debit and per Tokyo day", () => {
    expect(policy.coolingOffMs).toBe(72 * 3_600_000);
    expect(inCoolingOff(active(), at)).toBe(true);
    expect(inCoolingOff(active(), new Date(at.getTime() + 72 * 3_600_000))).toBe(false);
    expect(reason(() => assertWithinCoolingOff(active(), policy, 10_000n, "JPY", at))).toBe("allowed");
    expect(reason(() => assertWithinCoolingOff(active(), policy, 10_001n, "JPY", at))).toBe("COOLING_OFF_LIMIT");
    const spent = active({ debitDay: tokyoDay(at), debitedThatDay: 6_000n });
    expect(reason(() => assertWithinCoolingOff(spent, policy, 4_000n, "JPY", at))).toBe("allowed");
    expect(reason(() => assertWithinCoolingOff(spent, policy, 4_001n, "JPY", at))).toBe("COOLING_OFF_LIMIT");
    expect(reason(() => assertWithinCoolingOff(spent, policy, 10_000n, "JPY", new Date("2026-11-25T15:00:00Z")))).toBe("allowed");
  });

  it("refuses other currencies during cooling-off and lifts every limit after it", () => {
    expect(reason(() => assertWithinCoolingOff(active(), policy, 1n, "USD", at))).toBe("COOLING_OFF_LIMIT");
    const settled = active({ coolingOffUntil: new Date(at.getTime() - 1) });
    expect(reason(() => assertWithinCoolingOff(settled, policy, 5_000_000n, "JPY", at))).toBe("allowed");
  });

  it("counts days in Japan time", () => {
    expect(tokyoDay(new Date("2026-11-25T14:59:59Z"))).toBe("2026-11-25");
    expect(tokyoDay(new Date("2026-11-25T15:00:00Z"))).toBe("2026-11-26");
  });
});
