import { type ListConsentRevocationsRequest, type ListConsentRevocationsResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { WALLET_OPERATOR } from "../domain/caller-checks";
import { type SandboxBankDeps } from "../server";
import { reasonOf } from "./consent-revoke";

const listRequest = z.object({
  revokedSince: z.date().optional(),
  pageSize: z.number().int().min(0).max(500),
});

export function listConsentRevocationsHandler(deps: SandboxBankDeps) {
  return async (request: ListConsentRevocationsRequest): Promise<ListConsentRevocationsResponse> => {
    const input = parseRequest(listRequest, request);
    const revocations = await deps.context.ledger.revocationsSince(input.revokedSince ?? new Date(0), input.pageSize || 100);
    const consents = await deps.context.models.consents.find({ _id: { $in: revocations.map((revocation) => revocation.consentId) } }, { operator: 1 }).lean();
    const ours = new Set(consents.filter((consent) => consent.operator === WALLET_OPERATOR).map((consent) => consent._id));
    return {
      revocations: revocations
        .filter((revocation) => ours.has(revocation.consentId))
        .map((revocation) => ({ consentId: revocation.consentId, reason: reasonOf(revocation.revocationReason), revokedAt: revocation.at })),
    };
  };
}
