import { type StartSignUpRequest, type StartSignUpResponse } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { startSignUp } from "../domain/sign-up/sign-up";
import { type IdentityDeps } from "../server";
import { clientAddress, email, phone } from "./messages";

const request = z.object({
  email,
  phone,
  password: z.string().min(1, "is required").max(1024),
  handle: z.union([z.literal(""), z.string().regex(/^[a-z0-9_]{3,20}$/, "must be 3-20 lower-case letters, digits or _")]),
});

export function startSignUpHandler(deps: IdentityDeps) {
  return async (message: StartSignUpRequest, call: CallContext): Promise<StartSignUpResponse> => {
    const input = parseRequest(request, message);
    return startSignUp(deps.context, {
      ...input,
      source: clientAddress(call, deps.settings.trustForwardedFor),
      freeSignUpsPerSource: deps.settings.signUpsPerSourceFree,
    });
  };
}
