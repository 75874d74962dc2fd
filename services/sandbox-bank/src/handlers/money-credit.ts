import { type CreditRequest, type CreditResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest } from "@wallet/service-kit";
import { inSpan } from "@wallet/telemetry";
import { accountById } from "../domain/accounts/find-account";
import { WALLET_OPERATOR } from "../domain/caller-checks";
import { consentOf } from "../domain/consents/consent-revoke";
import { type SandboxBankDeps } from "../server";
import { movementAttributes, movementRequest } from "./money-debit";

export function creditHandler(deps: SandboxBankDeps) {
  return async (request: CreditRequest): Promise<CreditResponse> => {
    const input = parseRequest(movementRequest, request);
    const consent = await consentOf(deps.context, input.consentId, WALLET_OPERATOR);
    const account = await accountById(deps.context.models, consent.accountId);
    const movement = await inSpan("sandbox_bank.credit", movementAttributes(account, input.amount), () => deps.context.ledger.credit({
      account,
      consentId: consent._id,
      amount: input.amount.minorUnits,
      currency: input.amount.currency,
      idempotencyKey: input.idempotencyKey,
    }));
    return { bankReference: movement.reference };
  };
}
