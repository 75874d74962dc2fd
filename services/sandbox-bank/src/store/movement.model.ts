import { type Connection, Schema } from "mongoose";
import { type ChainEventEnvelope } from "@wallet/store-kit";

export type MovementKind = "DEBITED" | "CREDITED" | "REVERSED" | "MOVEMENT_CANCELLED" | "CONSENT_GRANTED" | "CONSENT_REVOKED";

/**
 * One event on a customer account, with the account's state after it: the account's chain.
 * Money movements and the consents money moves through share one chain, so a debit is decided
 * against the exact balance *and* the exact set of live consents: a revocation and a debit can
 * never both win a race. The counterparty of wallet debits and credits is the wallet operator's
 * settlement account, whose balance is the sum of these movements (never a hot document).
 */
export interface MovementDocument extends ChainEventEnvelope {
  accountId: string;
  kind: MovementKind;
  /** Signed change to the customer's balance (0 for consent events). */
  amount: bigint;
  balance: bigint;
  /** Consents money may move through after this event. */
  activeConsents: string[];
  /** The consent a movement went through, or the consent granted or revoked. */
  consentId: string;
  /** For CONSENT_REVOKED: a RevocationReason name. */
  revocationReason: string;
  /** The bank's reference, returned to the wallet operator. */
  reference: string;
  at: Date;
}

const movementSchema = new Schema<MovementDocument>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    seq: { type: Number, required: true },
    opKey: { type: String, required: true },
    request: { type: Schema.Types.Mixed, default: {} },
    kind: { type: String, required: true },
    amount: { type: Schema.Types.BigInt, required: true },
    balance: { type: Schema.Types.BigInt, required: true },
    activeConsents: { type: [String], default: [] },
    consentId: { type: String, default: "" },
    revocationReason: { type: String, default: "" },
    reference: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: "movements" },
);
movementSchema.index({ opKey: 1 }, { unique: true, name: "movements_op_key" });
movementSchema.index({ accountId: 1, seq: -1 }, { name: "movements_chain" });
movementSchema.index({ kind: 1, at: 1 }, { name: "movements_by_kind_and_time" });

export function movementModel(connection: Connection) {
  return connection.model<MovementDocument>("Movement", movementSchema);
}
