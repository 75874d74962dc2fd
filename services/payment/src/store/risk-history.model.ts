import { type Connection, Schema } from "mongoose";
import { type PaymentKind } from "./payment.model";

/**
 * What the risk engine's history rules read of each payment, and nothing more: a few small
 * fields instead of the whole payment with its steps. One entry per payment, under its
 * idempotency scope, written before the payment itself, so a replay finds the same entry and a
 * payment never goes uncounted (an entry whose payment was never written counts: stricter).
 */
export interface RiskHistoryDocument {
  /** The payment's idempotency scope ("<owner>:<key>"). */
  _id: string;
  ownerId: string;
  kind: PaymentKind;
  amount: bigint;
  /** The linked bank account's blind index, for top-ups and withdrawals; "" otherwise. */
  accountFingerprint: string;
  createdAt: Date;
  /** The payment ended FAILED: it no longer counts toward the payer's velocity. */
  failed: boolean;
}

/** A payee the payer has completed a transfer to: later transfers to them are not first-time. */
export interface KnownPayeeDocument {
  /** "<payer user id>:<payee user id>". */
  _id: string;
  at: Date;
}

export function riskHistoryModels(connection: Connection) {
  const riskHistory = connection.model<RiskHistoryDocument>("RiskHistory", new Schema<RiskHistoryDocument>({
    _id: { type: String, required: true },
    ownerId: { type: String, required: true },
    kind: { type: String, required: true },
    amount: { type: Schema.Types.BigInt, required: true },
    accountFingerprint: { type: String, default: "" },
    createdAt: { type: Date, required: true },
    failed: { type: Boolean, required: true },
  }, { versionKey: false, collection: "risk_history" })
    .index({ ownerId: 1, createdAt: -1 }, { name: "risk_history_by_owner" })
    .index({ accountFingerprint: 1, createdAt: -1 }, { name: "risk_history_by_bank_account" }));
  const knownPayees = connection.model<KnownPayeeDocument>("KnownPayee", new Schema<KnownPayeeDocument>({
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "known_payees" }));
  return { riskHistory, knownPayees };
}

/** A one-time data migration that has run to its end (see backfillRiskHistory). */
export interface MigrationDocument {
  _id: string;
  at: Date;
}

export function migrationModel(connection: Connection) {
  return connection.model<MigrationDocument>("Migration", new Schema<MigrationDocument>({
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "migrations" }));
}
