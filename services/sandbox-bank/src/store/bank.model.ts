import { type Connection, Schema } from "mongoose";

/** A bank of the sandbox, with its branches (bank and branch codes as in Japan's Zengin system). */
export interface BankDocument {
  /** The 4-digit bank code. */
  _id: string;
  name: string;
  branches: { branchCode: string; name: string }[];
  createdAt: Date;
}

export function bankModel(connection: Connection) {
  return connection.model<BankDocument>("Bank", new Schema<BankDocument>({
    _id: { type: String, required: true },
    name: { type: String, required: true },
    branches: { type: [{ _id: false, branchCode: { type: String, required: true }, name: { type: String, required: true } }], default: [] },
    createdAt: { type: Date, required: true },
  }, { versionKey: false, collection: "banks" }));
}
