import { type CreditRequest, type CreditResponse, type DebitRequest, type DebitResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { idempotencyKey, parseRequest, positiveMoney, resourceId } from "@wallet/service-kit";
import { inSpan, WalletAttributes } from "@wallet/telemetry";
import { z } from "zod";
import { accountById } from "../domain/accounts/find-account";
import { WALLET_OPERATOR } from "../domain/caller-checks";
import { consentOf } from "../domain/consents/consent-revoke";
import { type BankAccountDocument } from "../store/bank-account.model";
import { type SandboxBankDeps } from "../server";

const movementRequest = z.object({ consentId: resourceId, amount: positiveMoney, idempotencyKey });

/** The movement's business span: bank, the account's last four digits, amount; never the number. */
function movementAttributes(account: BankAccountDocument, amount: { currency: string; minorUnits: bigint }) {
  return {
    [WalletAttributes.bankCode]: account.bankCode,
    [WalletAttributes.accountLast4]: account.accountNumber.slice(-4),
    [WalletAttributes.amountMinor]: amount.minorUnits.toString(),
    [WalletAttributes.currency]: amount.currency,
  };
}

/**
 * Money out of (debit) or into (credit) the account behind a consent the wallet operator holds.
 * The two differ only in the ledger's direction.
 */
function movementHandler(deps: SandboxBankDeps, direction: "debit" | "credit") {
  return async (request: DebitRequest | CreditRequest): Promise<DebitResponse & CreditResponse> => {
    const input = parseRequest(movementRequest, request);
    const consent = await consentOf(deps.context, input.consentId, WALLET_OPERATOR);
    const account = await accountById(deps.context.models, consent.accountId);
    const movement = await inSpan(`sandbox_bank.${direction}`, movementAttributes(account, input.amount), () => deps.context.ledger[direction]({
      account,
      consentId: consent._id,
      amount: input.amount.minorUnits,
      currency: input.amount.currency,
      idempotencyKey: input.idempotencyKey,
    }));
    return { bankReference: movement.reference };
  };
}

export const debitHandler = (deps: SandboxBankDeps) => movementHandler(deps, "debit");
export const creditHandler = (deps: SandboxBankDeps) => movementHandler(deps, "credit");
