import { type SendLoginCodeResponse } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, requirePrincipal } from "@wallet/service-kit";
import { sendLoginCode } from "../domain/second-factors/second-factors";
import { type IdentityDeps } from "../server";

export function sendLoginCodeHandler(deps: IdentityDeps) {
  return async (_message: unknown, call: CallContext): Promise<SendLoginCodeResponse> => {
    const principal = requirePrincipal(call);
    const sent = await sendLoginCode(deps.context, { userId: principal.subject, sessionId: principal.sessionId });
    return { challengeId: sent.challengeId, expiresAt: sent.expiresAt };
  };
}
