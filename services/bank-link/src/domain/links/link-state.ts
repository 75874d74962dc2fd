import { FailedPreconditionError } from "@wallet/service-kit";

export type LinkStateName = "NEW" | "AWAITING_BANK_AUTHENTICATION" | "ACTIVE" | "SUSPENDED" | "UNLINKED" | "FAILED";

export type BankAuthenticationMethodName = "PIN_AND_ONE_TIME_CODE" | "PIN_ONLY";

/** A link's state after each change (the fold of its chain). */
export interface LinkState {
  seq: number;
  state: LinkStateName;
  bankAuthenticationId: string;
  bankAuthenticationExpiresAt: Date | null;
  bankAuthenticationMethod: BankAuthenticationMethodName | "";
  consentId: string;
  activatedAt: Date | null;
  coolingOffUntil: Date | null;
  /** Why the link is SUSPENDED or FAILED. */
  reason: string;
  /** Tokyo calendar day the cooling-off debit total is for. */
  debitDay: string;
  debitedThatDay: bigint;
}

export type LinkChange =
  | { kind: "STARTED" }
  | { kind: "BANK_AUTHENTICATION_STARTED"; authenticationId: string; expiresAt: Date; method: BankAuthenticationMethodName }
  | { kind: "ACTIVATED"; consentId: string; activatedAt: Date; coolingOffUntil: Date }
  | { kind: "FAILED"; reason: string }
  | { kind: "SUSPENDED"; reason: string }
  | { kind: "UNLINKED" }
  | { kind: "DEBIT_ORDERED"; amount: bigint; currency: string; day: string }
  | { kind: "DEBIT_RELEASED"; amount: bigint; currency: string; day: string }
  | { kind: "CREDIT_ORDERED"; amount: bigint; currency: string };

export type LinkChangeKind = LinkChange["kind"];

export const INITIAL_LINK_STATE: LinkState = {
  seq: 0,
  state: "NEW",
  bankAuthenticationId: "",
  bankAuthenticationExpiresAt: null,
  bankAuthenticationMethod: "",
  consentId: "",
  activatedAt: null,
  coolingOffUntil: null,
  reason: "",
  debitDay: "",
  debitedThatDay: 0n,
};

/** The states each change may be appended in: the link's whole life cycle in one table. */
const ALLOWED_FROM: Readonly<Record<LinkChangeKind, readonly LinkStateName[]>> = {
  STARTED: ["NEW"],
  BANK_AUTHENTICATION_STARTED: ["AWAITING_BANK_AUTHENTICATION"],
  ACTIVATED: ["AWAITING_BANK_AUTHENTICATION"],
  FAILED: ["NEW", "AWAITING_BANK_AUTHENTICATION"],
  SUSPENDED: ["AWAITING_BANK_AUTHENTICATION", "ACTIVE"],
  UNLINKED: ["AWAITING_BANK_AUTHENTICATION", "ACTIVE", "SUSPENDED"],
  DEBIT_ORDERED: ["ACTIVE"],
  CREDIT_ORDERED: ["ACTIVE"],
  // Giving back cooling-off headroom of a debit the bank refused is always allowed.
  DEBIT_RELEASED: ["ACTIVE", "SUSPENDED", "UNLINKED"],
};

/** Refuses a change the link's current state does not allow. */
export function assertAllowed(head: LinkState, kind: LinkChangeKind): void {
  if (ALLOWED_FROM[kind].includes(head.state)) return;
  if (kind === "DEBIT_ORDERED" || kind === "CREDIT_ORDERED") {
    throw new FailedPreconditionError(head.state === "SUSPENDED" ? "LINK_SUSPENDED" : "LINK_NOT_ACTIVE", "no money moves through a link that is not active", { state: head.state });
  }
  throw new FailedPreconditionError("LINK_STATE_CONFLICT", `the link is ${head.state.toLowerCase().replaceAll("_", " ")}`, { state: head.state });
}

/** The fold: the state after a change. */
export function applyLinkChange(previous: LinkState, change: LinkChange): LinkState {
  const next = { ...previous, seq: previous.seq + 1 };
  switch (change.kind) {
    case "STARTED":
      return { ...next, state: "AWAITING_BANK_AUTHENTICATION" };
    case "BANK_AUTHENTICATION_STARTED":
      return { ...next, bankAuthenticationId: change.authenticationId, bankAuthenticationExpiresAt: change.expiresAt, bankAuthenticationMethod: change.method };
    case "ACTIVATED":
      return { ...next, state: "ACTIVE", consentId: change.consentId, activatedAt: change.activatedAt, coolingOffUntil: change.coolingOffUntil };
    case "FAILED":
      return { ...next, state: "FAILED", reason: change.reason };
    case "SUSPENDED":
      return { ...next, state: "SUSPENDED", reason: change.reason };
    case "UNLINKED":
      return { ...next, state: "UNLINKED" };
    case "DEBIT_ORDERED": {
      const sameDay = previous.debitDay === change.day;
      return { ...next, debitDay: change.day, debitedThatDay: (sameDay ? previous.debitedThatDay : 0n) + change.amount };
    }
    case "DEBIT_RELEASED":
      return previous.debitDay === change.day ? { ...next, debitedThatDay: previous.debitedThatDay - change.amount } : next;
    case "CREDIT_ORDERED":
      return next;
  }
}
