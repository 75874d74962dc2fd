import { type OpenBankRequest, type OpenBankResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { openBank } from "../domain/accounts/open-bank";
import { type SandboxBankDeps } from "../server";
import { accountAddress } from "./account-address";

const openBankRequest = z.object({
  bankCode: accountAddress.bankCode,
  name: z.string().trim().min(1, "is required").max(60),
  branches: z.array(z.object({ branchCode: accountAddress.branchCode, name: z.string().trim().min(1, "is required").max(60) })).min(1, "needs at least one branch").max(200)
    .refine((branches) => new Set(branches.map((branch) => branch.branchCode)).size === branches.length, "must not repeat a branch code"),
});

export function openBankHandler(deps: SandboxBankDeps) {
  return async (request: OpenBankRequest): Promise<OpenBankResponse> => {
    await openBank(deps.context.models, parseRequest(openBankRequest, request), deps.context.clock());
    return {};
  };
}
