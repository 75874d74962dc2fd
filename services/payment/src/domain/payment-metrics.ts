import { businessCounter } from "@wallet/telemetry";
import { type PaymentKind, type PaymentStateName, type RiskDecisionName } from "../store/payment.model";

const finished = businessCounter("wallet.payments.finished", "Payments that reached a final state (COMPLETED, FAILED, COMPENSATED), by type and state", "{payment}");
const riskDecisions = businessCounter("wallet.payment.risk_decisions", "Decisions of the risk engine, by decision and the rule that decided", "{decision}");

/**
 * Counts a payment that just became terminal. Callers count only the write that made it so
 * (a conditional update on `terminal: false` that modified the document, or the insert of a
 * payment born FAILED), so a payment is counted once, whichever runner or recovery round
 * finished it.
 */
export function countFinished(kind: PaymentKind, state: PaymentStateName): void {
  finished.add({ type: kind, state });
}

/** `rule` is the rule that decided ("NONE" when none fired); for an ALLOW after a verified step-up, the rule that asked for it. */
export function countRiskDecision(decision: RiskDecisionName, rule: string): void {
  riskDecisions.add({ decision, rule: rule || "NONE" });
}
