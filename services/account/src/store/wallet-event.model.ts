import { type Connection, Schema } from "mongoose";

export interface PostingRecord {
  accountId: string;
  amount: bigint;
}

export interface HoldRecord {
  holdId: string;
  amount: bigint;
  expiresAt: Date;
}

/**
 * One link of a wallet's chain: a change to the wallet (money in or out, a hold, a freeze)
 * together with the wallet's running state after it. `_id` is "<walletId>:<seq>", so the
 * store's own _id uniqueness lets exactly one writer append each position of the chain; `opKey`
 * (unique) makes every operation happen at most once. A money movement carries its balanced
 * journal entry, so moving money is a single insert.
 */
export interface WalletEventDocument {
  _id: string;
  walletId: string;
  seq: number;
  kind: string;
  opKey: string;
  /** The parameters of the operation, to tell a replay from a reuse of its key. */
  request: Record<string, string>;
  entry: { entryId: string; currency: string; postings: PostingRecord[] } | null;
  holdId: string;
  /** Why, for a refusal or an administrative change (freeze). */
  reason: string;
  /** Amount counted toward the daily outflow limit. */
  outflow: bigint;
  // running state after this event
  balance: bigint;
  held: bigint;
  frozen: boolean;
  tier: number;
  outflowDay: string;
  outflowToday: bigint;
  openHolds: HoldRecord[];
  // provenance
  paymentId: string;
  idempotencyKey: string;
  traceId: string;
  at: Date;
}

const postingSchema = new Schema<PostingRecord>({ accountId: String, amount: Schema.Types.BigInt }, { _id: false });
const holdSchema = new Schema<HoldRecord>({ holdId: String, amount: Schema.Types.BigInt, expiresAt: Date }, { _id: false });

const walletEventSchema = new Schema<WalletEventDocument>(
  {
    _id: { type: String, required: true },
    walletId: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, required: true },
    opKey: { type: String, required: true },
    request: { type: Schema.Types.Mixed, default: {} },
    entry: {
      type: new Schema({ entryId: String, currency: String, postings: [postingSchema] }, { _id: false }),
      default: null,
    },
    holdId: { type: String, default: "" },
    reason: { type: String, default: "" },
    outflow: { type: Schema.Types.BigInt, default: 0n },
    balance: { type: Schema.Types.BigInt, required: true },
    held: { type: Schema.Types.BigInt, required: true },
    frozen: { type: Boolean, required: true },
    tier: { type: Number, required: true },
    outflowDay: { type: String, default: "" },
    outflowToday: { type: Schema.Types.BigInt, default: 0n },
    openHolds: { type: [holdSchema], default: [] },
    paymentId: { type: String, default: "" },
    idempotencyKey: { type: String, default: "" },
    traceId: { type: String, default: "" },
    at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: "wallet_events" },
);
walletEventSchema.index({ opKey: 1 }, { unique: true, name: "wallet_events_op_key" });
walletEventSchema.index({ paymentId: 1 }, { name: "wallet_events_by_payment" });
walletEventSchema.index({ walletId: 1, seq: -1 }, { name: "wallet_events_chain" });

export function walletEventModel(connection: Connection) {
  return connection.model<WalletEventDocument>("WalletEvent", walletEventSchema);
}
