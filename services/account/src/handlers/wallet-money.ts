import {
  type CheckCreditRequest,
  type CheckCreditResponse,
  type CreditRequest,
  type CreditResponse,
  type DebitRequest,
  type DebitResponse,
} from "@wallet/contracts/wallet/account/v1/account_service";
import { idempotencyKey, parseRequest, positiveMoney, resourceId } from "@wallet/service-kit";
import { annotateActiveSpan, WalletAttributes } from "@wallet/telemetry";
import { z } from "zod";
import { requireSystemParty } from "../domain/ledger/counterparty";
import { limitsFor } from "../domain/limits";
import { creditWallet } from "../domain/operations/wallet-credit";
import { assertCanReceive } from "../domain/operations/wallet-checks";
import { debitWallet } from "../domain/operations/wallet-debit";
import { type AccountDeps } from "../server";
import { counterpartyOf, movementMessage } from "./messages";

const moneyRequest = z.object({ walletId: resourceId, amount: positiveMoney, idempotencyKey, paymentId: resourceId });

export function creditHandler(deps: AccountDeps) {
  return async (message: CreditRequest): Promise<CreditResponse> => {
    const input = parseRequest(moneyRequest, message);
    const source = requireSystemParty(counterpartyOf(message.source, "source"), "source");
    const result = await creditWallet(deps.ledger, { ...input, amount: input.amount.minorUnits, currency: input.amount.currency, source });
    annotate(input.walletId, result.event.entry?.entryId ?? "", input.amount, result.replayed);
    return { movement: movementMessage(result) };
  };
}

export function debitHandler(deps: AccountDeps) {
  return async (message: DebitRequest): Promise<DebitResponse> => {
    const input = parseRequest(moneyRequest, message);
    const destination = requireSystemParty(counterpartyOf(message.destination, "destination"), "destination");
    const result = await debitWallet(deps.ledger, { ...input, amount: input.amount.minorUnits, currency: input.amount.currency, destination });
    annotate(input.walletId, result.event.entry?.entryId ?? "", input.amount, result.replayed);
    return { movement: movementMessage(result) };
  };
}

export function checkCreditHandler(deps: AccountDeps) {
  return async (message: CheckCreditRequest): Promise<CheckCreditResponse> => {
    const input = parseRequest(z.object({ walletId: resourceId, amount: positiveMoney }), message);
    const wallet = await deps.ledger.wallets.get(input.walletId);
    const head = await deps.ledger.chain.head(wallet._id);
    assertCanReceive(head, wallet, input.amount.minorUnits, input.amount.currency);
    const maxBalance = limitsFor(wallet.currency, head.tier)?.maxBalance ?? 0n;
    return { headroom: { currency: wallet.currency, minorUnits: maxBalance - head.balance } };
  };
}

function annotate(walletId: string, entryId: string, amount: { currency: string; minorUnits: bigint }, replayed: boolean): void {
  annotateActiveSpan({
    [WalletAttributes.walletId]: walletId,
    [WalletAttributes.entryId]: entryId,
    [WalletAttributes.amountMinor]: amount.minorUnits.toString(),
    [WalletAttributes.currency]: amount.currency,
    [WalletAttributes.idempotencyReplay]: replayed,
  });
}
