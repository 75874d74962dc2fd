import { type Payment, PaymentKind, PaymentState, RiskDecision } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type PaymentDocument } from "../store/payment.model";

const KINDS = { TOP_UP: PaymentKind.PAYMENT_KIND_TOP_UP, TRANSFER: PaymentKind.PAYMENT_KIND_TRANSFER, PAY: PaymentKind.PAYMENT_KIND_PAY, WITHDRAW: PaymentKind.PAYMENT_KIND_WITHDRAW, REFUND: PaymentKind.PAYMENT_KIND_REFUND };
const STATES = {
  PROCESSING: PaymentState.PAYMENT_STATE_PROCESSING,
  HELD_FOR_REVIEW: PaymentState.PAYMENT_STATE_HELD_FOR_REVIEW,
  COMPENSATING: PaymentState.PAYMENT_STATE_COMPENSATING,
  COMPLETED: PaymentState.PAYMENT_STATE_COMPLETED,
  FAILED: PaymentState.PAYMENT_STATE_FAILED,
  COMPENSATED: PaymentState.PAYMENT_STATE_COMPENSATED,
};
const DECISIONS = { ALLOW: RiskDecision.RISK_DECISION_ALLOW, STEP_UP: RiskDecision.RISK_DECISION_STEP_UP, HOLD_FOR_REVIEW: RiskDecision.RISK_DECISION_HOLD_FOR_REVIEW, DENY: RiskDecision.RISK_DECISION_DENY };

export function paymentMessage(payment: PaymentDocument): Payment {
  return {
    paymentId: payment._id,
    kind: KINDS[payment.kind],
    state: STATES[payment.state],
    amount: { currency: payment.currency, minorUnits: BigInt(payment.amount) },
    traceId: payment.traceId,
    createdAt: payment.createdAt,
    updatedAt: payment.updatedAt,
    walletId: payment.walletId,
    linkId: payment.linkId,
    payeeHandle: payment.payeeHandle,
    merchantId: payment.merchantId,
    refundOf: payment.refundOf,
    risk: { decision: DECISIONS[payment.risk.decision], reasons: payment.risk.reasons, stepUpVerified: payment.risk.stepUpVerified, at: payment.risk.at },
    steps: payment.steps.map((step) => ({ name: step.name, at: step.at, facts: step.facts ?? {} })),
    failureReason: payment.failureReason,
  };
}
