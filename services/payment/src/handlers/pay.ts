import { type PayRequest, type PayResponse } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type CallContext, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { annotateActiveSpan, WalletAttributes } from "@wallet/telemetry";
import { z } from "zod";
import { takePayment } from "../domain/intake";
import { type PaymentDeps } from "../server";
import { callerOf } from "./caller";
import { paymentMessage } from "./payment-message";
import { idempotencyKey, merchantId, moneyFingerprint, positiveMoney } from "./payment-fields";
import { payerWallet } from "./wallets";

const request = z.object({ merchantId, amount: positiveMoney, orderReference: z.string().max(64), idempotencyKey });

export function payHandler(deps: PaymentDeps) {
  return async (message: PayRequest, call: CallContext): Promise<PayResponse> => {
    const input = parseRequest(request, message);
    const payer = requirePrincipal(call);
    const walletId = await payerWallet(deps, payer.subject, input.amount.currency);
    const payment = await takePayment(deps.context, deps.runner, {
      kind: "PAY",
      ownerId: payer.subject,
      idempotencyKey: input.idempotencyKey,
      request: { kind: "PAY", merchant: input.merchantId, order: input.orderReference, ...moneyFingerprint(input.amount) },
      amount: input.amount.minorUnits,
      currency: input.amount.currency,
      walletId,
      merchantId: input.merchantId,
      orderReference: input.orderReference,
    }, callerOf(deps, call, message));
    annotateActiveSpan({ [WalletAttributes.paymentId]: payment._id, [WalletAttributes.paymentState]: payment.state });
    return { payment: paymentMessage(payment) };
  };
}
