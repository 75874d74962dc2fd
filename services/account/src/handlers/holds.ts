import {
  type CommitHoldRequest,
  type CommitHoldResponse,
  type GetHoldRequest,
  type GetHoldResponse,
  type ReserveRequest,
  type ReserveResponse,
  type VoidHoldRequest,
  type VoidHoldResponse,
} from "@wallet/contracts/wallet/account/v1/account_service";
import { idempotencyKey, parseRequest, positiveMoney, resourceId } from "@wallet/service-kit";
import { annotateActiveSpan, WalletAttributes } from "@wallet/telemetry";
import { z } from "zod";
import { commitHold, releaseHold } from "../domain/holds/hold-resolve";
import { reserveHold } from "../domain/holds/hold-reserve";
import { holdView } from "../domain/holds/hold-view";
import { type AccountDeps } from "../server";
import { counterpartyOf, holdMessage } from "./messages";

const holdId = z.string().regex(/^hld_[0-9a-z]+_[0-9a-f]{24}$/, "must be a hold id");

const reserveRequest = z.object({
  walletId: resourceId,
  amount: positiveMoney,
  idempotencyKey,
  paymentId: resourceId,
  expiresInSeconds: z.number().int().min(30, "must be at least 30 seconds").max(7 * 86_400, "must be at most 7 days"),
});

export function reserveHandler(deps: AccountDeps) {
  return async (message: ReserveRequest): Promise<ReserveResponse> => {
    const input = parseRequest(reserveRequest, message);
    const hold = await reserveHold(deps.ledger, {
      walletId: input.walletId,
      amount: input.amount.minorUnits,
      currency: input.amount.currency,
      idempotencyKey: input.idempotencyKey,
      paymentId: input.paymentId,
      expiresInMs: input.expiresInSeconds * 1000,
    });
    annotateActiveSpan({ [WalletAttributes.walletId]: hold.walletId, "wallet.ledger.hold_id": hold.holdId, [WalletAttributes.amountMinor]: hold.amount.toString() });
    return { hold: holdMessage(hold) };
  };
}

export function commitHoldHandler(deps: AccountDeps) {
  return async (message: CommitHoldRequest): Promise<CommitHoldResponse> => {
    const input = parseRequest(z.object({ holdId }), message);
    const { hold, entryId } = await commitHold(deps.ledger, {
      holdId: input.holdId,
      destination: counterpartyOf(message.destination, "destination"),
      settledExternally: message.settledExternally,
    });
    annotateActiveSpan({ "wallet.ledger.hold_id": hold.holdId, [WalletAttributes.entryId]: entryId });
    return { hold: holdMessage(hold), entryId };
  };
}

export function voidHoldHandler(deps: AccountDeps) {
  return async (message: VoidHoldRequest): Promise<VoidHoldResponse> => {
    const input = parseRequest(z.object({ holdId, reason: z.string().max(64) }), message);
    return { hold: holdMessage(await releaseHold(deps.ledger, input.holdId, "HOLD_VOIDED", input.reason || "VOIDED")) };
  };
}

export function getHoldHandler(deps: AccountDeps) {
  return async (message: GetHoldRequest): Promise<GetHoldResponse> => {
    const input = parseRequest(z.object({ holdId }), message);
    return { hold: holdMessage(await holdView(deps.ledger, input.holdId)) };
  };
}
