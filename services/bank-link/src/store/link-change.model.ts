import { type Connection, Schema } from "mongoose";
import { type ChainEventEnvelope } from "@wallet/store-kit";
import { type LinkChangeKind, type LinkStateName } from "../domain/links/link-state";

/**
 * One change of a link, with the link's whole state after it: the link's chain. State
 * transitions and every money order through the link are appended here, so a debit is decided
 * against the exact state and cooling-off totals, and loses any race with a suspension.
 */
export interface LinkChangeDocument extends ChainEventEnvelope {
  linkId: string;
  kind: LinkChangeKind;
  state: LinkStateName;
  bankAuthenticationId: string;
  bankAuthenticationExpiresAt: Date | null;
  bankAuthenticationMethod: string;
  consentId: string;
  activatedAt: Date | null;
  coolingOffUntil: Date | null;
  reason: string;
  /** Tokyo calendar day of the cooling-off debit total. */
  debitDay: string;
  debitedThatDay: bigint;
  /** For money orders: the amount of this change. */
  amount: bigint;
  currency: string;
  at: Date;
}

export function linkChangeModel(connection: Connection) {
  return connection.model<LinkChangeDocument>("LinkChange", new Schema<LinkChangeDocument>({
    _id: { type: String, required: true },
    linkId: { type: String, required: true },
    seq: { type: Number, required: true },
    opKey: { type: String, required: true },
    request: { type: Schema.Types.Mixed, default: {} },
    kind: { type: String, required: true },
    state: { type: String, required: true },
    bankAuthenticationId: { type: String, default: "" },
    bankAuthenticationExpiresAt: { type: Date, default: null },
    bankAuthenticationMethod: { type: String, default: "" },
    consentId: { type: String, default: "" },
    activatedAt: { type: Date, default: null },
    coolingOffUntil: { type: Date, default: null },
    reason: { type: String, default: "" },
    debitDay: { type: String, default: "" },
    debitedThatDay: { type: Schema.Types.BigInt, default: 0n },
    amount: { type: Schema.Types.BigInt, default: 0n },
    currency: { type: String, default: "" },
    at: { type: Date, required: true },
  }, { versionKey: false, minimize: false, collection: "link_changes" })
    .index({ opKey: 1 }, { unique: true, name: "link_changes_op_key" })
    .index({ linkId: 1, seq: -1 }, { name: "link_changes_chain" })
    .index({ consentId: 1, kind: 1 }, { name: "link_changes_by_consent" }));
}
