import { boundOperation, type CallContext, requirePrincipal } from "@wallet/service-kit";
import { type Caller } from "../domain/intake";
import { type PaymentDeps } from "../server";

/** The payer as the gate established them, and how to ask identity for a step-up of this call. */
export function callerOf(deps: PaymentDeps, call: CallContext, request: unknown): Caller {
  const principal = requirePrincipal(call);
  return {
    ial: principal.ial,
    aal: principal.aal,
    stepUpVerified: principal.stepUpVerified,
    async requestStepUp(reasons) {
      const requirement = deps.policy.get(call.method);
      const operation = requirement ? boundOperation(requirement, request) : {};
      // With the user's token: the challenge is theirs, for exactly this operation.
      const { challengeId } = await deps.downstream.identity.createStepUpChallenge({ action: call.method, operation, reason: reasons.join(",") });
      return challengeId;
    },
  };
}
