import {
  type AuthorizeRequest,
  type AuthorizeResponse,
  type GetJwksResponse,
  type RotateSigningKeyResponse,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { Caller } from "@wallet/contracts/wallet/gate/v1/requirement";
import { type CallContext, requirePrincipal } from "@wallet/service-kit";
import { type IdentityDeps } from "../server";

export function authorizeHandler(deps: IdentityDeps) {
  // The service asking (established by identity's own gate on this RPC) is the one an ALLOW's
  // operation grant is issued to.
  return (request: AuthorizeRequest, call: CallContext): Promise<AuthorizeResponse> => deps.authorizer.authorizeFor(requirePrincipal(call).callerService, {
    accessToken: request.accessToken,
    serviceAssertion: request.serviceAssertion,
    action: request.action,
    requirement: request.requirement ?? { caller: Caller.CALLER_UNSPECIFIED, minIal: 0, minAal: 0, ownerField: "", stepUp: 0, bindFields: [], allowedServices: [] },
    resourceOwner: request.resourceOwner,
    operation: request.operation,
    stepUpProof: request.stepUpProof,
    grant: request.grant,
  });
}

export function getJwksHandler(deps: IdentityDeps) {
  return (): Promise<GetJwksResponse> => Promise.resolve({ jwksJson: JSON.stringify(deps.context.keyRing.jwks()) });
}

export function rotateSigningKeyHandler(deps: IdentityDeps) {
  return async (): Promise<RotateSigningKeyResponse> => {
    const kid = await deps.context.keyRing.rotate();
    await deps.context.events.record("SIGNING_KEY_ROTATED", { facts: { kid } });
    return { kid };
  };
}
