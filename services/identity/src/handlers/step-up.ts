import {
  type CompleteStepUpRequest,
  type CompleteStepUpResponse,
  type CreateStepUpChallengeRequest,
  type CreateStepUpChallengeResponse,
  type StartStepUpRequest,
  type StartStepUpResponse,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { z } from "zod";
import { completeStepUp, createStepUpChallenge, sendStepUpCode } from "../domain/step-up/step-up";
import { type IdentityDeps } from "../server";
import { oneTimeCode, opaqueId } from "./messages";

export function startStepUpHandler(deps: IdentityDeps) {
  return async (message: StartStepUpRequest, call: CallContext): Promise<StartStepUpResponse> => {
    const { challengeId } = parseRequest(z.object({ challengeId: opaqueId }), message);
    return { expiresAt: await sendStepUpCode(deps.context, requirePrincipal(call).subject, challengeId) };
  };
}

export function completeStepUpHandler(deps: IdentityDeps) {
  return async (message: CompleteStepUpRequest, call: CallContext): Promise<CompleteStepUpResponse> => {
    const input = parseRequest(z.object({ challengeId: opaqueId, code: oneTimeCode }), message);
    const { proof, expiresAt } = await completeStepUp(deps.context, {
      userId: requirePrincipal(call).subject, ...input, proofLifetimeMs: deps.settings.stepUpProofLifetimeMs,
    });
    return { stepUpProof: proof, expiresAt };
  };
}

const createRequest = z.object({
  action: z.string().regex(/^\/[a-z0-9_.]+\.[A-Za-z0-9]+\/[A-Za-z0-9]+$/, "must be a full RPC name"),
  operation: z.record(z.string().max(64), z.string().max(128)),
  reason: z.string().max(64),
});

export function createStepUpChallengeHandler(deps: IdentityDeps) {
  return async (message: CreateStepUpChallengeRequest, call: CallContext): Promise<CreateStepUpChallengeResponse> => {
    const input = parseRequest(createRequest, message);
    return { challengeId: await createStepUpChallenge(deps.context, { userId: requirePrincipal(call).subject, ...input }) };
  };
}
