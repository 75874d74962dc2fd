import { type RefundRequest, type RefundResponse } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type CallContext, FailedPreconditionError, NotFoundError, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { z } from "zod";
import { takePayment } from "../domain/intake";
import { type PaymentDeps } from "../server";
import { type PaymentDocument } from "../store/payment.model";
import { paymentMessage } from "./payment-message";
import { idempotencyKey, moneyFingerprint, positiveMoney, resourceId } from "./payment-fields";

const request = z.object({ paymentId: resourceId, amount: positiveMoney, reason: z.string().min(1, "is required").max(200), idempotencyKey });

export function refundHandler(deps: PaymentDeps) {
  return async (message: RefundRequest, call: CallContext): Promise<RefundResponse> => {
    const input = parseRequest(request, message);
    const original = await deps.context.models.payments.findById(input.paymentId).lean<PaymentDocument>();
    if (!original) throw new NotFoundError("payment");
    if (original.kind !== "PAY" || original.state !== "COMPLETED") throw new FailedPreconditionError("NOT_REFUNDABLE", "only completed merchant payments can be refunded");
    if (original.currency !== input.amount.currency) throw new FailedPreconditionError("CURRENCY_MISMATCH", "a refund is in the payment's currency");
    const payment = await takePayment(deps.context, deps.runner, {
      kind: "REFUND",
      ownerId: original.ownerId,
      idempotencyKey: `refund:${original._id}:${input.idempotencyKey}`,
      request: { kind: "REFUND", of: original._id, ...moneyFingerprint(input.amount) },
      amount: input.amount.minorUnits,
      currency: input.amount.currency,
      walletId: original.walletId,
      merchantId: original.merchantId,
      refundOf: original._id,
    }, {
      // A refund gives money back to the payer: only the caps apply, never a step-up.
      ial: 2, aal: 2, stepUpVerified: false,
      requestStepUp: () => Promise.reject(new FailedPreconditionError("STEP_UP_NOT_APPLICABLE", `refund by ${requirePrincipal(call).callerOperator}`)),
    });
    return { payment: paymentMessage(payment) };
  };
}
