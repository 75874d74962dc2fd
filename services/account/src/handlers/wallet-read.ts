import {
  type FindWalletRequest,
  type FindWalletResponse,
  type GetBalanceRequest,
  type GetBalanceResponse,
  type ListStatementRequest,
  type ListStatementResponse,
} from "@wallet/contracts/wallet/account/v1/account_service";
import { currencyCode, NotFoundError, parseRequest, resourceId } from "@wallet/service-kit";
import { z } from "zod";
import { limitsFor } from "../domain/limits";
import { statementOf } from "../domain/operations/wallet-statement";
import { type AccountDeps } from "../server";
import { walletMessage } from "./messages";

export function getBalanceHandler(deps: AccountDeps) {
  return async (message: GetBalanceRequest): Promise<GetBalanceResponse> => {
    const { walletId } = parseRequest(z.object({ walletId: resourceId }), message);
    const wallet = await deps.ledger.wallets.get(walletId);
    const head = await deps.ledger.chain.head(walletId);
    const money = (minorUnits: bigint) => ({ currency: wallet.currency, minorUnits });
    const limits = limitsFor(wallet.currency, head.tier);
    const usedToday = head.outflowDay === deps.ledger.businessDay(deps.ledger.clock()) ? head.outflowToday : 0n;
    return {
      balance: money(head.balance),
      held: money(head.held),
      available: money(head.balance - head.held),
      frozen: head.frozen,
      limits: limits && {
        maxBalance: money(limits.maxBalance),
        dailyOutflow: money(limits.dailyOutflow),
        outflowLeftToday: money(limits.dailyOutflow > usedToday ? limits.dailyOutflow - usedToday : 0n),
      },
    };
  };
}

const statementRequest = z.object({ walletId: resourceId, pageSize: z.number().int().min(0).max(200), pageToken: z.string().max(20) });

export function listStatementHandler(deps: AccountDeps) {
  return async (message: ListStatementRequest): Promise<ListStatementResponse> => {
    const input = parseRequest(statementRequest, message);
    const wallet = await deps.ledger.wallets.get(input.walletId);
    const page = await statementOf(deps.ledger, { walletId: wallet._id, pageSize: input.pageSize || 50, pageToken: input.pageToken });
    const money = (minorUnits: bigint) => ({ currency: wallet.currency, minorUnits });
    return {
      lines: page.lines.map(({ event, amount }) => ({
        sequence: BigInt(event.seq),
        kind: event.kind,
        amount: money(amount),
        balanceAfter: money(BigInt(event.balance)),
        heldAfter: money(BigInt(event.held)),
        entryId: event.entry?.entryId ?? "",
        holdId: event.holdId,
        paymentId: event.paymentId,
        at: event.at,
      })),
      nextPageToken: page.nextPageToken,
    };
  };
}

export function findWalletHandler(deps: AccountDeps) {
  return async (message: FindWalletRequest): Promise<FindWalletResponse> => {
    const input = parseRequest(z.object({ ownerId: resourceId, currency: currencyCode }), message);
    const wallet = await deps.ledger.wallets.findByOwner(input.ownerId, input.currency);
    if (!wallet) throw new NotFoundError("wallet");
    return { wallet: walletMessage(wallet) };
  };
}
