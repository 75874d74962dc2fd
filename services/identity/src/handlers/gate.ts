import {
  type AuthorizeRequest,
  type AuthorizeResponse,
  type GetJwksResponse,
  type RotateSigningKeyResponse,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { Caller } from "@wallet/contracts/wallet/gate/v1/requirement";
import { type IdentityDeps } from "../server";

export function authorizeHandler(deps: IdentityDeps) {
  return (request: AuthorizeRequest): Promise<AuthorizeResponse> => deps.authorizer.authorize({
    accessToken: request.accessToken,
    serviceAssertion: request.serviceAssertion,
    action: request.action,
    requirement: request.requirement ?? { caller: Caller.CALLER_UNSPECIFIED, minIal: 0, minAal: 0, ownerField: "", stepUp: 0, bindFields: [], allowedServices: [] },
    resourceOwner: request.resourceOwner,
    operation: request.operation,
    stepUpProof: request.stepUpProof,
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
