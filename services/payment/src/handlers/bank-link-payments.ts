import { LinkState } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import {
  type TopUpRequest,
  type TopUpResponse,
  type WithdrawRequest,
  type WithdrawResponse,
} from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type CallContext, FailedPreconditionError, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { annotateActiveSpan, WalletAttributes } from "@wallet/telemetry";
import { z } from "zod";
import { takePayment } from "../domain/intake";
import { AS_SERVICE } from "../clients/downstream";
import { type PaymentDeps } from "../server";
import { type PaymentKind } from "../store/payment.model";
import { callerOf } from "./caller";
import { paymentMessage } from "./payment-message";
import { idempotencyKey, moneyFingerprint, positiveMoney, resourceId } from "./payment-fields";
import { payerWallet } from "./wallets";

const request = z.object({ linkId: resourceId, amount: positiveMoney, idempotencyKey });

/** Top-ups and withdrawals: money between the payer's wallet and one of their active bank links. */
function throughBankLink(deps: PaymentDeps, kind: Extract<PaymentKind, "TOP_UP" | "WITHDRAW">) {
  return async (message: TopUpRequest | WithdrawRequest, call: CallContext) => {
    const input = parseRequest(request, message);
    const payer = requirePrincipal(call);
    const [{ link, accountFingerprint }, walletId] = await Promise.all([
      deps.downstream.bankLink.describeLink({ linkId: input.linkId, userId: payer.subject }, AS_SERVICE),
      payerWallet(deps, payer.subject, input.amount.currency),
    ]);
    if (link?.state !== LinkState.LINK_STATE_ACTIVE) throw new FailedPreconditionError("LINK_NOT_ACTIVE", "this bank link cannot move money", { link_id: input.linkId });
    const payment = await takePayment(deps.context, deps.runner, {
      kind,
      ownerId: payer.subject,
      idempotencyKey: input.idempotencyKey,
      request: { kind, link: input.linkId, ...moneyFingerprint(input.amount) },
      amount: input.amount.minorUnits,
      currency: input.amount.currency,
      walletId,
      linkId: input.linkId,
      bankCode: link.bankCode,
      accountFingerprint,
      coolingOffUntil: link.coolingOffUntil,
    }, callerOf(deps, call, message));
    annotateActiveSpan({ [WalletAttributes.paymentId]: payment._id, [WalletAttributes.paymentState]: payment.state, [WalletAttributes.linkId]: input.linkId });
    return { payment: paymentMessage(payment) };
  };
}

export function topUpHandler(deps: PaymentDeps): (message: TopUpRequest, call: CallContext) => Promise<TopUpResponse> {
  return throughBankLink(deps, "TOP_UP");
}

export function withdrawHandler(deps: PaymentDeps): (message: WithdrawRequest, call: CallContext) => Promise<WithdrawResponse> {
  return throughBankLink(deps, "WITHDRAW");
}
