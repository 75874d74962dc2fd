import { status } from "@grpc/grpc-js";
import { type TransferRequest, type TransferResponse } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type CallContext, FailedPreconditionError, InvalidArgumentError, parseRequest, RemoteError, requirePrincipal } from "@wallet/service-kit";
import { annotateActiveSpan, WalletAttributes } from "@wallet/telemetry";
import { z } from "zod";
import { takePayment } from "../domain/intake";
import { type PaymentDeps } from "../server";
import { callerOf } from "./caller";
import { paymentMessage } from "./payment-message";
import { idempotencyKey, moneyFingerprint, positiveMoney } from "./payment-fields";
import { payeeWallet, payerWallet } from "./wallets";

const request = z.object({
  payeeHandle: z.union([z.literal(""), z.string().regex(/^@?[a-z0-9_]{3,20}$/, "must be a handle")]),
  payeePhone: z.union([z.literal(""), z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 phone number")]),
  amount: positiveMoney,
  idempotencyKey,
}).refine((input) => (input.payeeHandle === "") !== (input.payeePhone === ""), { path: ["payeeHandle"], message: "give either a payee handle or a payee phone number" });

export function transferHandler(deps: PaymentDeps) {
  return async (message: TransferRequest, call: CallContext): Promise<TransferResponse> => {
    const input = parseRequest(request, message);
    const payer = requirePrincipal(call);
    const { identity } = deps.downstream;
    const payee = await identity.resolvePayee(input.payeeHandle ? { handle: input.payeeHandle.replace(/^@/, "") } : { phone: input.payeePhone })
      .catch((error: unknown) => {
        if (error instanceof RemoteError && error.code === status.NOT_FOUND) throw new FailedPreconditionError("PAYEE_NOT_FOUND", "no wallet user matches this payee");
        throw error;
      });
    if (payee.userId === payer.subject) throw InvalidArgumentError.field("payee_handle", "is you: a transfer needs another person");
    const [fromWallet, toWallet] = await Promise.all([
      payerWallet(deps, payer.subject, input.amount.currency),
      payeeWallet(deps, payee.userId, input.amount.currency),
    ]);
    const payment = await takePayment(deps.context, deps.runner, {
      kind: "TRANSFER",
      ownerId: payer.subject,
      idempotencyKey: input.idempotencyKey,
      request: { kind: "TRANSFER", payee: payee.userId, ...moneyFingerprint(input.amount) },
      amount: input.amount.minorUnits,
      currency: input.amount.currency,
      walletId: fromWallet,
      payeeUserId: payee.userId,
      payeeHandle: payee.handle,
      payeeWalletId: toWallet,
    }, callerOf(deps, call, message));
    annotateActiveSpan({ [WalletAttributes.paymentId]: payment._id, [WalletAttributes.paymentState]: payment.state });
    return { payment: paymentMessage(payment) };
  };
}
