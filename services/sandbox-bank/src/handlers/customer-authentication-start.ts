import {
  AuthenticationMethod,
  type StartCustomerAuthenticationRequest,
  type StartCustomerAuthenticationResponse,
} from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest, resourceId } from "@wallet/service-kit";
import { z } from "zod";
import { findAccount } from "../domain/accounts/find-account";
import { WALLET_OPERATOR } from "../domain/caller-checks";
import { startCustomerAuthentication } from "../domain/customer-auth/authentication-start";
import { type SandboxBankDeps } from "../server";
import { accountAddress } from "./account-address";

const startRequest = z.object({ ...accountAddress, operatorReference: resourceId });

export function startCustomerAuthenticationHandler(deps: SandboxBankDeps) {
  return async (request: StartCustomerAuthenticationRequest): Promise<StartCustomerAuthenticationResponse> => {
    const input = parseRequest(startRequest, request);
    const account = await findAccount(deps.context.models, input);
    const authentication = await startCustomerAuthentication(deps.context, { account, operator: WALLET_OPERATOR, operatorReference: input.operatorReference });
    return {
      authenticationId: authentication._id,
      expiresAt: authentication.expiresAt,
      method: AuthenticationMethod[`AUTHENTICATION_METHOD_${authentication.method}`],
    };
  };
}
