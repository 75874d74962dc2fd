import { FailedPreconditionError, NotFoundError } from "@wallet/service-kit";
import { type PaymentDocument } from "../store/payment.model";
import { type PaymentContext } from "./payment-context";
import { countFinished } from "./payment-metrics";
import { type SagaRunner } from "./sagas/saga-runner";

/** The fraud team's decision on a held payment: approve (the saga starts) or reject (FAILED). */
export async function reviewPayment(
  context: PaymentContext,
  runner: SagaRunner,
  input: { paymentId: string; approve: boolean; operator: string; note: string },
): Promise<PaymentDocument> {
  const payment = await context.models.payments.findById(input.paymentId).lean<PaymentDocument>();
  if (!payment) throw new NotFoundError("payment");
  if (payment.state !== "HELD_FOR_REVIEW") throw new FailedPreconditionError("NOT_HELD_FOR_REVIEW", "this payment is not waiting for a review");
  const now = context.clock();
  const step = { name: input.approve ? "REVIEW_APPROVED" : "REVIEW_REJECTED", at: now, facts: { operator: input.operator, note: input.note } };
  const fields = input.approve
    ? { state: "PROCESSING" as const, deadlineAt: new Date(now.getTime() + context.settings.deadlineMs), nextAttemptAt: new Date(now.getTime() + context.settings.leaseMs) }
    : { state: "FAILED" as const, terminal: true, failureReason: "REVIEW_REJECTED" };
  const { modifiedCount } = await context.models.payments.updateOne({ _id: payment._id, state: "HELD_FOR_REVIEW" }, { $push: { steps: step }, $set: { ...fields, updatedAt: now } });
  if (!input.approve && modifiedCount > 0) countFinished(payment.kind, "FAILED");
  return input.approve ? runner.advance(payment._id) : { ...payment, ...fields, steps: [...payment.steps, step] };
}
