import { ConsentState, type GetAccountRequest, type GetAccountResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { findAccount } from "../domain/accounts/find-account";
import { type SandboxBankDeps } from "../server";
import { accountAddress } from "./account-address";
import { reasonOf } from "./consent-revoke";

const getAccountRequest = z.object(accountAddress);

export function getAccountHandler(deps: SandboxBankDeps) {
  return async (request: GetAccountRequest): Promise<GetAccountResponse> => {
    const { models, ledger } = deps.context;
    const account = await findAccount(models, parseRequest(getAccountRequest, request));
    const active = new Set(await ledger.activeConsents(account._id));
    const consents = await models.consents.find({ accountId: account._id }).sort({ createdAt: 1 }).lean();
    return {
      balance: { currency: account.currency, minorUnits: await ledger.balance(account._id) },
      consents: await Promise.all(consents.map(async (consent) => {
        const revocation = await ledger.revocationOf(consent._id);
        return {
          consentId: consent._id,
          state: active.has(consent._id) ? ConsentState.CONSENT_STATE_ACTIVE : ConsentState.CONSENT_STATE_REVOKED,
          revocationReason: reasonOf(revocation?.revocationReason ?? ""),
          createdAt: consent.createdAt,
        };
      })),
    };
  };
}
