import {
  type ConfirmTotpEnrollmentRequest,
  type ConfirmTotpEnrollmentResponse,
  type StartTotpEnrollmentResponse,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { z } from "zod";
import { confirmTotpEnrollment, startTotpEnrollment } from "../domain/second-factors/second-factors";
import { type IdentityDeps } from "../server";
import { oneTimeCode } from "./messages";

export function startTotpEnrollmentHandler(deps: IdentityDeps) {
  return async (_message: unknown, call: CallContext): Promise<StartTotpEnrollmentResponse> => ({
    otpauthUri: await startTotpEnrollment(deps.context, requirePrincipal(call).subject),
  });
}

export function confirmTotpEnrollmentHandler(deps: IdentityDeps) {
  return async (message: ConfirmTotpEnrollmentRequest, call: CallContext): Promise<ConfirmTotpEnrollmentResponse> => {
    const { code } = parseRequest(z.object({ code: oneTimeCode }), message);
    return { recoveryCodes: await confirmTotpEnrollment(deps.context, requirePrincipal(call).subject, code) };
  };
}
