import {
  type CompleteCustomerAuthenticationRequest,
  type CompleteCustomerAuthenticationResponse,
} from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest, resourceId } from "@wallet/service-kit";
import { z } from "zod";
import { WALLET_OPERATOR } from "../domain/caller-checks";
import { completeCustomerAuthentication } from "../domain/customer-auth/authentication-complete";
import { type SandboxBankDeps } from "../server";
import { pin } from "./account-address";

const completeRequest = z.object({
  authenticationId: resourceId,
  pin,
  oneTimeCode: z.string().regex(/^(\d{6})?$/, "must be the 6-digit code, or empty when the bank asks for the PIN only"),
});

export function completeCustomerAuthenticationHandler(deps: SandboxBankDeps) {
  return async (request: CompleteCustomerAuthenticationRequest): Promise<CompleteCustomerAuthenticationResponse> => {
    const input = parseRequest(completeRequest, request);
    return { consentId: await completeCustomerAuthentication(deps.context, { ...input, operator: WALLET_OPERATOR }) };
  };
}
