import { challengeModels } from "@wallet/one-time-codes";
import { outboxModel } from "@wallet/outbox";
import { type Connection } from "mongoose";
import { bankAccountModel } from "./bank-account.model";
import { bankModel } from "./bank.model";
import { consentModel } from "./consent.model";
import { customerAuthenticationModels } from "./customer-authentication.model";
import { movementModel } from "./movement.model";
import { pinCheckModel } from "./pin-check.model";

/** Every collection the sandbox bank owns, in its own database. */
export function sandboxBankModels(connection: Connection) {
  return {
    banks: bankModel(connection),
    bankAccounts: bankAccountModel(connection),
    movements: movementModel(connection),
    consents: consentModel(connection),
    ...customerAuthenticationModels(connection),
    pinChecks: pinCheckModel(connection),
    outbox: outboxModel(connection),
    ...challengeModels(connection),
  };
}

export type SandboxBankModels = ReturnType<typeof sandboxBankModels>;
