import {
  CancelOutcome,
  type CancelTransferRequest,
  type CancelTransferResponse,
  type CreditRequest,
  type CreditResponse,
  type DebitRequest,
  type DebitResponse,
} from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { idempotencyKey, parseRequest, positiveMoney, resourceId } from "@wallet/service-kit";
import { z } from "zod";
import { creditThroughLink, debitThroughLink } from "../domain/money/transfer";
import { cancelTransfer } from "../domain/money/transfer-cancel";
import { type BankLinkDeps } from "../server";

const moneyRequest = z.object({ linkId: resourceId, userId: resourceId, amount: positiveMoney, idempotencyKey, paymentId: resourceId });

function input(request: DebitRequest | CreditRequest) {
  const parsed = parseRequest(moneyRequest, request);
  return { ...parsed, currency: parsed.amount.currency, amount: parsed.amount.minorUnits };
}

export function debitHandler(deps: BankLinkDeps) {
  return async (request: DebitRequest): Promise<DebitResponse> => debitThroughLink(deps.context, input(request));
}

export function creditHandler(deps: BankLinkDeps) {
  return async (request: CreditRequest): Promise<CreditResponse> => creditThroughLink(deps.context, input(request));
}

const cancelRequest = z.object({ linkId: resourceId, userId: resourceId, idempotencyKey, reverseIfMade: z.boolean(), paymentId: resourceId });
const CANCEL_OUTCOMES = {
  CANCELLED: CancelOutcome.CANCEL_OUTCOME_CANCELLED,
  REVERSED: CancelOutcome.CANCEL_OUTCOME_REVERSED,
  ALREADY_MADE: CancelOutcome.CANCEL_OUTCOME_ALREADY_MADE,
};

export function cancelTransferHandler(deps: BankLinkDeps) {
  return async (request: CancelTransferRequest): Promise<CancelTransferResponse> => {
    const outcome = await cancelTransfer(deps.context, parseRequest(cancelRequest, request));
    return { outcome: CANCEL_OUTCOMES[outcome] };
  };
}
