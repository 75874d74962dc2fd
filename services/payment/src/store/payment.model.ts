import { type Connection, Schema } from "mongoose";

export type PaymentKind = "TOP_UP" | "TRANSFER" | "PAY" | "WITHDRAW" | "REFUND";
export type PaymentStateName = "PROCESSING" | "HELD_FOR_REVIEW" | "COMPENSATING" | "COMPLETED" | "FAILED" | "COMPENSATED";
export const TERMINAL_STATES: readonly PaymentStateName[] = ["COMPLETED", "FAILED", "COMPENSATED"];

export type RiskDecisionName = "ALLOW" | "STEP_UP" | "HOLD_FOR_REVIEW" | "DENY";

export interface PaymentStepRecord {
  name: string;
  at: Date;
  facts: Record<string, string>;
}

/**
 * One payment: its parameters, its risk decision, its saga (state and the steps done, each with
 * its time), and the trace that carried it. Only one executor advances a payment at a time
 * (per process: a lock; across processes every step is idempotent downstream).
 */
export interface PaymentDocument {
  _id: string;
  ownerId: string;
  kind: PaymentKind;
  /** "<owner>:<client idempotency key>", unique: one payment per key. */
  idempotencyScope: string;
  /** The parameters a replay of the same key must match. */
  request: Record<string, string>;
  currency: string;
  amount: bigint;
  walletId: string;
  linkId: string;
  bankCode: string;
  /** Blind index of the linked bank account (from bank-link), for the risk engine's velocity rules. */
  accountFingerprint: string;
  payeeUserId: string;
  payeeHandle: string;
  payeeWalletId: string;
  merchantId: string;
  orderReference: string;
  refundOf: string;
  holdId: string;
  risk: { decision: RiskDecisionName; reasons: string[]; stepUpVerified: boolean; at: Date };
  state: PaymentStateName;
  terminal: boolean;
  steps: PaymentStepRecord[];
  failureReason: string;
  /** After this instant the saga stops trying forward and compensates. */
  deadlineAt: Date;
  /** A step that cannot be undone took effect: the saga only goes forward now, whatever the deadline. */
  forwardOnly: boolean;
  /** When a waiting step is tried again (the recovery worker's schedule). */
  nextAttemptAt: Date;
  attempts: number;
  /** Why the last attempt of a step could not complete (retried later). */
  lastError: string;
  traceId: string;
  /** The span of the request that took the payment in: a resumed saga's span links to it. */
  traceSpanId: string;
  createdAt: Date;
  updatedAt: Date;
}

const paymentSchema = new Schema<PaymentDocument>(
  {
    _id: { type: String, required: true },
    ownerId: { type: String, required: true },
    kind: { type: String, required: true },
    idempotencyScope: { type: String, required: true },
    request: { type: Schema.Types.Mixed, default: {} },
    currency: { type: String, required: true },
    amount: { type: Schema.Types.BigInt, required: true },
    walletId: { type: String, default: "" },
    linkId: { type: String, default: "" },
    bankCode: { type: String, default: "" },
    accountFingerprint: { type: String, default: "" },
    payeeUserId: { type: String, default: "" },
    payeeHandle: { type: String, default: "" },
    payeeWalletId: { type: String, default: "" },
    merchantId: { type: String, default: "" },
    orderReference: { type: String, default: "" },
    refundOf: { type: String, default: "" },
    holdId: { type: String, default: "" },
    risk: {
      type: new Schema({ decision: String, reasons: [String], stepUpVerified: Boolean, at: Date }, { _id: false }),
      required: true,
    },
    state: { type: String, required: true },
    terminal: { type: Boolean, required: true },
    steps: { type: [new Schema({ name: String, at: Date, facts: { type: Schema.Types.Mixed, default: {} } }, { _id: false, minimize: false })], default: [] },
    failureReason: { type: String, default: "" },
    deadlineAt: { type: Date, required: true },
    forwardOnly: { type: Boolean, default: false },
    nextAttemptAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: "" },
    traceId: { type: String, default: "" },
    traceSpanId: { type: String, default: "" },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: "payments" },
);
paymentSchema.index({ idempotencyScope: 1 }, { unique: true, name: "payments_idempotency_scope" });
paymentSchema.index({ terminal: 1, nextAttemptAt: 1 }, { name: "payments_due" });
paymentSchema.index({ ownerId: 1, createdAt: -1 }, { name: "payments_by_owner" });
paymentSchema.index({ accountFingerprint: 1, createdAt: -1 }, { name: "payments_by_bank_account" });

export function paymentModel(connection: Connection) {
  return connection.model<PaymentDocument>("Payment", paymentSchema);
}
