import { type Connection } from "mongoose";
import { ledgerAccountModel } from "./ledger-account.model";
import { openHoldModel } from "./open-hold.model";
import { walletEventModel } from "./wallet-event.model";

/** Every collection account owns, registered on its own connection. */
export function accountModels(connection: Connection) {
  return {
    ledgerAccounts: ledgerAccountModel(connection),
    walletEvents: walletEventModel(connection),
    openHolds: openHoldModel(connection),
  };
}

export type AccountModels = ReturnType<typeof accountModels>;
