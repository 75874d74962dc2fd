import { SecondFactor, type VerifySecondFactorRequest, type VerifySecondFactorResponse } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { z } from "zod";
import { verifySecondFactor } from "../domain/second-factors/second-factors";
import { type IdentityDeps } from "../server";
import { oneTimeCode, opaqueId, tokensMessage } from "./messages";

const request = z.discriminatedUnion("factor", [
  z.object({ factor: z.literal(SecondFactor.SECOND_FACTOR_SMS), code: oneTimeCode, challengeId: opaqueId }),
  z.object({ factor: z.literal(SecondFactor.SECOND_FACTOR_TOTP), code: oneTimeCode }),
  z.object({ factor: z.literal(SecondFactor.SECOND_FACTOR_RECOVERY_CODE), code: z.string().regex(/^[a-z0-9]{5}-?[a-z0-9]{5}$/i, "must be a recovery code like abcde-fghjk") }),
], { error: "must be TOTP, SMS or RECOVERY_CODE" });

export function verifySecondFactorHandler(deps: IdentityDeps) {
  return async (message: VerifySecondFactorRequest, call: CallContext): Promise<VerifySecondFactorResponse> => {
    const input = parseRequest(request, message);
    const principal = requirePrincipal(call);
    const who = { userId: principal.subject, sessionId: principal.sessionId };
    const result = await verifySecondFactor(deps.context, who,
      input.factor === SecondFactor.SECOND_FACTOR_SMS ? { factor: "sms", code: input.code, challengeId: input.challengeId }
        : input.factor === SecondFactor.SECOND_FACTOR_TOTP ? { factor: "totp", code: input.code }
          : { factor: "recovery_code", code: input.code });
    return { tokens: tokensMessage(result.tokens), recoveryCodesLeft: result.recoveryCodesLeft };
  };
}
