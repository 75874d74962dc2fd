import { type LoginRequest, type LoginResponse, SecondFactor } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { login } from "../domain/sessions/login";
import { type IdentityDeps } from "../server";
import { clientAddress, tokensMessage } from "./messages";

const request = z.object({ email: z.string().min(1, "is required").max(254), password: z.string().min(1, "is required").max(1024) });

const FACTORS = { totp: SecondFactor.SECOND_FACTOR_TOTP, sms: SecondFactor.SECOND_FACTOR_SMS, recovery_code: SecondFactor.SECOND_FACTOR_RECOVERY_CODE };

export function loginHandler(deps: IdentityDeps) {
  return async (message: LoginRequest, call: CallContext): Promise<LoginResponse> => {
    const input = parseRequest(request, message);
    const result = await login(deps.context, { ...input, source: clientAddress(call, deps.settings.trustForwardedFor) });
    return { tokens: tokensMessage(result.tokens), availableSecondFactors: result.availableSecondFactors.map((factor) => FACTORS[factor]) };
  };
}
