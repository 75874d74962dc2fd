import { type Connection } from "mongoose";
import { bankTransferModel } from "./bank-transfer.model";
import { claimModels } from "./claim.models";
import { linkChangeModel } from "./link-change.model";
import { linkEventModel } from "./link-event.model";
import { linkModel } from "./link.model";
import { policyChainModels } from "./policy-chains.model";

/** Every collection bank-link owns, in its own database. */
export function bankLinkModels(connection: Connection) {
  return {
    links: linkModel(connection),
    linkChanges: linkChangeModel(connection),
    linkEvents: linkEventModel(connection),
    bankTransfers: bankTransferModel(connection),
    ...claimModels(connection),
    ...policyChainModels(connection),
  };
}

export type BankLinkModels = ReturnType<typeof bankLinkModels>;
