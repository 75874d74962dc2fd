import { type OpenAccountRequest, type OpenAccountResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { normalisePhone } from "@wallet/pii-crypto";
import { currencyCode, parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { openAccount } from "../domain/accounts/open-account";
import { type SandboxBankDeps } from "../server";
import { accountAddress, pin } from "./account-address";

const holderName = z.string().trim().max(100);

const openAccountRequest = z.object({
  ...accountAddress,
  holderNameKana: holderName,
  holderNameLatin: holderName,
  openingBalance: z.object({ currency: currencyCode, minorUnits: z.bigint().nonnegative() }, { error: "is required" }),
  pin,
  registeredPhone: z.string().transform(normalisePhone).pipe(z.string().regex(/^\+[1-9]\d{7,14}$/, "must be an E.164 phone number")),
}).refine((request) => request.holderNameKana !== "" || request.holderNameLatin !== "", { path: ["holderNameKana"], message: "give the holder's name in kana or latin letters" });

export function openAccountHandler(deps: SandboxBankDeps) {
  return async (request: OpenAccountRequest): Promise<OpenAccountResponse> => {
    const input = parseRequest(openAccountRequest, request);
    const accountId = await openAccount(deps.context, {
      bankCode: input.bankCode,
      branchCode: input.branchCode,
      accountNumber: input.accountNumber,
      holderNameKana: input.holderNameKana,
      holderNameLatin: input.holderNameLatin,
      pin: input.pin,
      registeredPhone: input.registeredPhone,
      currency: input.openingBalance.currency,
      openingBalance: input.openingBalance.minorUnits,
    });
    return { accountId };
  };
}
