import {
  type GetPaymentRequest,
  type GetPaymentResponse,
  type InspectPaymentRequest,
  type InspectPaymentResponse,
  type ListPaymentsRequest,
  type ListPaymentsResponse,
  ReviewDecision,
  type ReviewPaymentRequest,
  type ReviewPaymentResponse,
} from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type CallContext, InvalidArgumentError, NotFoundError, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { z } from "zod";
import { reviewPayment } from "../domain/review";
import { type PaymentDeps } from "../server";
import { type PaymentDocument } from "../store/payment.model";
import { paymentMessage } from "./payment-message";
import { resourceId } from "./payment-fields";
import { traceLink } from "./trace-link";

async function load(deps: PaymentDeps, paymentId: string): Promise<PaymentDocument> {
  const payment = await deps.context.models.payments.findById(paymentId).lean<PaymentDocument>();
  if (!payment) throw new NotFoundError("payment");
  return payment;
}

export function getPaymentHandler(deps: PaymentDeps) {
  return async (message: GetPaymentRequest): Promise<GetPaymentResponse> => {
    const { paymentId } = parseRequest(z.object({ paymentId: resourceId }), message);
    const payment = await load(deps, paymentId);
    return { payment: paymentMessage(payment), traceUrl: traceLink(deps.traceUiUrl, payment.traceId) };
  };
}

/** Page tokens are "<created at, epoch ms>.<payment id>" of the last payment returned. */
const pageToken = z.union([z.literal(""), z.string().regex(/^\d{1,15}\.pay_[0-9a-z]+$/, "is not a token we issued")]);

export function listPaymentsHandler(deps: PaymentDeps) {
  return async (message: ListPaymentsRequest, call: CallContext): Promise<ListPaymentsResponse> => {
    const input = parseRequest(z.object({ pageSize: z.number().int().min(0).max(100), pageToken }), message);
    const pageSize = input.pageSize || 20;
    const filter: Record<string, unknown> = { ownerId: requirePrincipal(call).subject };
    if (input.pageToken) {
      const [at, id] = input.pageToken.split(".") as [string, string];
      const createdAt = new Date(Number(at));
      filter["$or"] = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }];
    }
    const payments = await deps.context.models.payments.find(filter).sort({ createdAt: -1, _id: -1 }).limit(pageSize).lean<PaymentDocument[]>();
    const last = payments.at(-1);
    return {
      payments: payments.map(paymentMessage),
      nextPageToken: payments.length === pageSize && last ? `${last.createdAt.getTime()}.${last._id}` : "",
    };
  };
}

export function inspectPaymentHandler(deps: PaymentDeps) {
  return async (message: InspectPaymentRequest): Promise<InspectPaymentResponse> => {
    const { paymentId } = parseRequest(z.object({ paymentId: resourceId }), message);
    const payment = await load(deps, paymentId);
    return { payment: paymentMessage(payment), ownerId: payment.ownerId, traceUrl: traceLink(deps.traceUiUrl, payment.traceId) };
  };
}

export function reviewPaymentHandler(deps: PaymentDeps) {
  return async (message: ReviewPaymentRequest, call: CallContext): Promise<ReviewPaymentResponse> => {
    const input = parseRequest(z.object({ paymentId: resourceId, note: z.string().max(200) }), message);
    if (message.decision !== ReviewDecision.REVIEW_DECISION_APPROVE && message.decision !== ReviewDecision.REVIEW_DECISION_REJECT) {
      throw InvalidArgumentError.field("decision", "must be APPROVE or REJECT");
    }
    const payment = await reviewPayment(deps.context, deps.runner, {
      paymentId: input.paymentId,
      approve: message.decision === ReviewDecision.REVIEW_DECISION_APPROVE,
      operator: requirePrincipal(call).callerOperator,
      note: input.note,
    });
    return { payment: paymentMessage(payment) };
  };
}
