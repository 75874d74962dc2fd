import { RevocationReason, type RevokeConsentRequest, type RevokeConsentResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest, resourceId } from "@wallet/service-kit";
import { z } from "zod";
import { WALLET_OPERATOR } from "../domain/caller-checks";
import { revokeConsent } from "../domain/consents/consent-revoke";
import { type SandboxBankDeps } from "../server";

/** Reasons an operator may give; the customer's own report comes through the customer API. */
const OPERATOR_REASONS = [
  RevocationReason.REVOCATION_REASON_OPERATOR_UNLINK,
  RevocationReason.REVOCATION_REASON_OPERATOR_REPORTED_UNRECOGNIZED,
  RevocationReason.REVOCATION_REASON_OPERATOR_REFUSED,
] as const;

const revokeRequest = z.object({
  consentId: resourceId,
  reason: z.union(OPERATOR_REASONS.map((reason) => z.literal(reason)), { error: "must be an operator's revocation reason" }),
});

export function revokeConsentHandler(deps: SandboxBankDeps) {
  return async (request: RevokeConsentRequest): Promise<RevokeConsentResponse> => {
    const input = parseRequest(revokeRequest, request);
    await revokeConsent(deps.context, { consentId: input.consentId, operator: WALLET_OPERATOR, reason: reasonName(input.reason) });
    return {};
  };
}

/** "OPERATOR_UNLINK" for REVOCATION_REASON_OPERATOR_UNLINK: how the ledger records reasons. */
export function reasonName(reason: RevocationReason): string {
  return RevocationReason[reason].replace(/^REVOCATION_REASON_/, "");
}

export function reasonOf(name: string): RevocationReason {
  return RevocationReason[`REVOCATION_REASON_${name}` as keyof typeof RevocationReason] ?? RevocationReason.REVOCATION_REASON_UNSPECIFIED;
}
