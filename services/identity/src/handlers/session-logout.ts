import { type LogoutResponse, type RevokeAllSessionsResponse } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, requirePrincipal } from "@wallet/service-kit";
import { type IdentityDeps } from "../server";

export function logoutHandler(deps: IdentityDeps) {
  return async (_message: unknown, call: CallContext): Promise<LogoutResponse> => {
    const principal = requirePrincipal(call);
    await deps.context.sessions.revoke(principal.sessionId, "LOGOUT");
    await deps.context.events.record("SESSION_REVOKED", { userId: principal.subject, reason: "LOGOUT", facts: { session_id: principal.sessionId } });
    return {};
  };
}

export function revokeAllSessionsHandler(deps: IdentityDeps) {
  return async (_message: unknown, call: CallContext): Promise<RevokeAllSessionsResponse> => {
    const principal = requirePrincipal(call);
    const revoked = await deps.context.sessions.revokeAll(principal.subject, "REVOKE_ALL");
    await deps.context.events.record("SESSIONS_REVOKED", { userId: principal.subject, reason: "REVOKE_ALL", facts: { count: String(revoked) } });
    return { revoked };
  };
}
