import { type Connection, Schema } from "mongoose";

/** A movement bank-link asked a bank for: the record that makes retries safe and traceable. */
export interface BankTransferDocument {
  _id: string;
  /** "<user>:<idempotency key>", unique: one order per key. */
  orderKey: string;
  linkId: string;
  direction: "DEBIT" | "CREDIT";
  bankCode: string;
  /** Only the last four digits of the account number are ever stored in clear or shown. */
  accountLast4: string;
  currency: string;
  amount: bigint;
  /**
   * REQUESTED until the bank answers; a FAILED order stays failed (a new key is a new order).
   * CANCELLED: the operator cancelled it before the bank made it (the key is refused from then
   * on); REVERSED: the bank made it and paid it back.
   */
  state: "REQUESTED" | "SUCCEEDED" | "FAILED" | "CANCELLED" | "REVERSED";
  failureReason: string;
  bankReference: string;
  userId: string;
  paymentId: string;
  traceId: string;
  createdAt: Date;
}

const bankTransferSchema = new Schema<BankTransferDocument>(
  {
    _id: { type: String, required: true },
    orderKey: { type: String, required: true },
    linkId: { type: String, required: true },
    direction: { type: String, required: true },
    bankCode: { type: String, required: true },
    accountLast4: { type: String, required: true },
    currency: { type: String, required: true },
    amount: { type: Schema.Types.BigInt, required: true },
    state: { type: String, required: true },
    failureReason: { type: String, default: "" },
    bankReference: { type: String, default: "" },
    userId: { type: String, default: "" },
    paymentId: { type: String, default: "" },
    traceId: { type: String, default: "" },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "bank_transfers" },
);
bankTransferSchema.index({ orderKey: 1 }, { unique: true, name: "bank_transfers_order_key" });

export function bankTransferModel(connection: Connection) {
  return connection.model<BankTransferDocument>("BankTransfer", bankTransferSchema);
}
