import { type VerifyHolderRequest, type VerifyHolderResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { verifyHolder } from "../domain/accounts/verify-holder";
import { type SandboxBankDeps } from "../server";
import { accountAddress } from "./account-address";

const namePart = z.string().max(100, "must be at most 100 characters");

const verifyHolderRequest = z.object({
  ...accountAddress,
  name: z.object({ familyNameKana: namePart, givenNameKana: namePart, familyNameLatin: namePart, givenNameLatin: namePart }, { error: "is required" }),
});

export function verifyHolderHandler(deps: SandboxBankDeps) {
  return async (request: VerifyHolderRequest): Promise<VerifyHolderResponse> => {
    const input = parseRequest(verifyHolderRequest, request);
    return verifyHolder(deps.context.models, input, input.name);
  };
}
