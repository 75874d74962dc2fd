import {
  type FreezeWalletRequest,
  type FreezeWalletResponse,
  type ListSystemBalancesResponse,
  type RunAuditResponse,
  type UnfreezeWalletRequest,
  type UnfreezeWalletResponse,
} from "@wallet/contracts/wallet/account/v1/account_service";
import { idempotencyKey, parseRequest, resourceId } from "@wallet/service-kit";
import { z } from "zod";
import { auditLedger } from "../domain/audit/ledger-audit";
import { systemAccountKind } from "../domain/ledger/system-accounts";
import { setFrozen } from "../domain/operations/wallet-freeze";
import { type AccountDeps } from "../server";

const freezeRequest = z.object({ walletId: resourceId, reason: z.string().min(1, "is required").max(200), idempotencyKey });

export function freezeWalletHandler(deps: AccountDeps) {
  return async (message: FreezeWalletRequest): Promise<FreezeWalletResponse> => {
    await setFrozen(deps.ledger, { ...parseRequest(freezeRequest, message), frozen: true });
    return {};
  };
}

export function unfreezeWalletHandler(deps: AccountDeps) {
  return async (message: UnfreezeWalletRequest): Promise<UnfreezeWalletResponse> => {
    await setFrozen(deps.ledger, { ...parseRequest(freezeRequest, message), frozen: false });
    return {};
  };
}

export function runAuditHandler(deps: AccountDeps) {
  return async (): Promise<RunAuditResponse> => {
    const report = await auditLedger(deps.ledger);
    return {
      walletsChecked: BigInt(report.walletsChecked),
      entriesChecked: BigInt(report.entriesChecked),
      postingsChecked: BigInt(report.postingsChecked),
      discrepancies: report.discrepancies,
      ledgerTotals: [...report.ledgerTotals].map(([currency, minorUnits]) => ({ currency, minorUnits })),
      completedAt: deps.ledger.clock(),
    };
  };
}

export function listSystemBalancesHandler(deps: AccountDeps) {
  return async (): Promise<ListSystemBalancesResponse> => {
    const report = await auditLedger(deps.ledger);
    return {
      balances: [...report.systemBalances].map(([accountId, { currency, balance }]) => ({
        accountId,
        kind: systemAccountKind(accountId) ?? "",
        balance: { currency, minorUnits: balance },
      })),
    };
  };
}
