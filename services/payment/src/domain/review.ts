import { FailedPreconditionError, NotFoundError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type PaymentDocument, type PaymentStepRecord } from "../store/payment.model";
import { type ReviewDecisionDocument, type ReviewOutcome } from "../store/review-decision.model";
import { type PaymentContext } from "./payment-context";
import { paymentFinished } from "./payment-finished";
import { type SagaRunner } from "./sagas/saga-runner";

/**
 * The fraud team's decision on a held payment: approve (the saga starts) or reject (FAILED).
 * The decision is claimed first, under the payment's id, so it races safely with another
 * operator's and with the review deadline (FerretDB's conditional updates are not atomic, so the
 * payment's own state could not arbitrate). A retry of the same decision is answered as it stands
 * (claiming it again finds the same decision).
 */
export async function reviewPayment(
  context: PaymentContext,
  runner: SagaRunner,
  input: { paymentId: string; approve: boolean; operator: string; note: string },
): Promise<PaymentDocument> {
  const payment = await context.models.payments.findById(input.paymentId).lean<PaymentDocument>();
  if (!payment) throw new NotFoundError("payment");
  const wanted: ReviewOutcome = input.approve ? "APPROVED" : "REJECTED";
  if (payment.state !== "HELD_FOR_REVIEW") {
    // Only a retry of the decision that moved it gets an answer: the payment as it stands.
    const recorded = await context.models.reviewDecisions.findById(payment._id).lean<ReviewDecisionDocument>();
    if (recorded?.outcome !== wanted) throw new FailedPreconditionError("NOT_HELD_FOR_REVIEW", "this payment is not waiting for a review");
    return runner.advance(payment._id);
  }
  const decision = await claimDecision(context, { _id: payment._id, outcome: wanted, operator: input.operator, note: input.note, at: context.clock() });
  if (decision.outcome !== wanted) {
    throw new FailedPreconditionError("ALREADY_DECIDED", `this payment's review already ended: ${decision.outcome.toLowerCase()}`, { outcome: decision.outcome });
  }
  // The decision in hand is applied here, and an approved payment's saga runs from the result,
  // so neither the payment nor its decision is read again.
  return runner.advance(payment._id, await applyDecision(context, payment, decision));
}

/**
 * What becomes of a payment held for review when its executor looks at it: the decision made
 * on it, or an expiry once its deadline has passed (claimed like a decision, so it cannot undo
 * an approval that came first). Undefined while it still waits.
 */
export async function settleReview(context: PaymentContext, payment: PaymentDocument): Promise<PaymentDocument | undefined> {
  const now = context.clock();
  const recorded = await context.models.reviewDecisions.findById(payment._id).lean<ReviewDecisionDocument>();
  const decision = recorded ?? (now >= payment.deadlineAt ? await claimDecision(context, { _id: payment._id, outcome: "EXPIRED", operator: "", note: "", at: now }) : undefined);
  return decision ? applyDecision(context, payment, decision) : undefined;
}

async function claimDecision(context: PaymentContext, claim: ReviewDecisionDocument): Promise<ReviewDecisionDocument> {
  if (await insertIfAbsent(context.models.reviewDecisions, claim)) return claim;
  return (await context.models.reviewDecisions.findById(claim._id).lean<ReviewDecisionDocument>())!;
}

/** Moves the held payment as its single decision says: to PROCESSING, or to FAILED. */
async function applyDecision(context: PaymentContext, payment: PaymentDocument, decision: ReviewDecisionDocument): Promise<PaymentDocument> {
  const now = context.clock();
  const step: PaymentStepRecord = decision.outcome === "EXPIRED"
    ? { name: "FAILED", at: now, facts: { reason: "REVIEW_EXPIRED" } }
    : { name: decision.outcome === "APPROVED" ? "REVIEW_APPROVED" : "REVIEW_REJECTED", at: now, facts: { operator: decision.operator, note: decision.note } };
  const fields = decision.outcome === "APPROVED"
    ? { state: "PROCESSING" as const, deadlineAt: new Date(now.getTime() + context.settings.deadlineMs), nextAttemptAt: new Date(now.getTime() + context.settings.leaseMs) }
    : { state: "FAILED" as const, terminal: true, failureReason: decision.outcome === "EXPIRED" ? "REVIEW_EXPIRED" : "REVIEW_REJECTED" };
  // Every writer here applies the same decision; one that finds it applied already goes on from
  // the payment as the other left it, not from its own copy.
  const { modifiedCount } = await context.models.payments.updateOne({ _id: payment._id, state: "HELD_FOR_REVIEW" }, { $push: { steps: step }, $set: { ...fields, updatedAt: now } });
  if (modifiedCount === 0) return (await context.models.payments.findById(payment._id).lean<PaymentDocument>())!;
  if (fields.state === "FAILED") await paymentFinished(context.models, payment, "FAILED");
  return { ...payment, ...fields, steps: [...payment.steps, step], updatedAt: now };
}
