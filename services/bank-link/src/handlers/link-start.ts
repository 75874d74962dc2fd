import { type StartLinkRequest, type StartLinkResponse } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { type CallContext, idempotencyKey, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { z } from "zod";
import { startLink } from "../domain/links/link-start";
import { type BankLinkDeps } from "../server";
import { countedAttempt } from "./link-attempt-metrics";
import { toAuthenticationMethod, toLinkMessage } from "./link-message";

const startLinkRequest = z.object({
  bankCode: z.string().regex(/^\d{4}$/, "must be a 4-digit bank code"),
  branchCode: z.string().regex(/^\d{3}$/, "must be a 3-digit branch code"),
  accountNumber: z.string().regex(/^\d{7}$/, "must be a 7-digit account number"),
  idempotencyKey,
});

export function startLinkHandler(deps: BankLinkDeps) {
  return (request: StartLinkRequest, call: CallContext): Promise<StartLinkResponse> => countedAttempt("start", "STARTED", async () => {
    const input = parseRequest(startLinkRequest, request);
    const view = await startLink(deps.context, { ...input, userId: requirePrincipal(call).subject });
    return { link: toLinkMessage(view), bankAuthenticationExpiresAt: view.bankAuthenticationExpiresAt, bankAuthenticationMethod: toAuthenticationMethod(view) };
  });
}
