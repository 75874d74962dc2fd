import {
  type CancelMovementRequest,
  type CancelMovementResponse,
  MovementCancelOutcome,
  MovementKind,
} from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { idempotencyKey, InvalidArgumentError, parseRequest, resourceId } from "@wallet/service-kit";
import { inSpan, WalletAttributes } from "@wallet/telemetry";
import { z } from "zod";
import { accountById } from "../domain/accounts/find-account";
import { WALLET_OPERATOR } from "../domain/caller-checks";
import { consentOf } from "../domain/consents/consent-revoke";
import { type SandboxBankDeps } from "../server";

const OUTCOMES = {
  CANCELLED: MovementCancelOutcome.MOVEMENT_CANCEL_OUTCOME_CANCELLED,
  REVERSED: MovementCancelOutcome.MOVEMENT_CANCEL_OUTCOME_REVERSED,
  ALREADY_MADE: MovementCancelOutcome.MOVEMENT_CANCEL_OUTCOME_ALREADY_MADE,
};

export function cancelMovementHandler(deps: SandboxBankDeps) {
  return async (request: CancelMovementRequest): Promise<CancelMovementResponse> => {
    const input = parseRequest(z.object({ consentId: resourceId, idempotencyKey, reverseIfMade: z.boolean() }), request);
    if (request.kind !== MovementKind.MOVEMENT_KIND_DEBIT && request.kind !== MovementKind.MOVEMENT_KIND_CREDIT) throw InvalidArgumentError.field("kind", "must be DEBIT or CREDIT");
    // A cancellation must be possible after a revocation too: the consent only identifies the account.
    const consent = await consentOf(deps.context, input.consentId, WALLET_OPERATOR);
    const account = await accountById(deps.context.models, consent.accountId);
    const outcome = await inSpan("sandbox_bank.cancel_movement", { [WalletAttributes.bankCode]: account.bankCode }, () => deps.context.ledger.cancel({
      account,
      kind: request.kind === MovementKind.MOVEMENT_KIND_DEBIT ? "DEBITED" : "CREDITED",
      idempotencyKey: input.idempotencyKey,
      reverseIfMade: input.reverseIfMade,
    }));
    return { outcome: OUTCOMES[outcome] };
  };
}
