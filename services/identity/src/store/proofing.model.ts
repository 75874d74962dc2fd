import { type Connection, Schema } from "mongoose";

/** One identity proofing: the evidence (encrypted), the provider's decision and its reasons. */
export interface ProofingDocument {
  _id: string;
  userId: string;
  status: "PENDING" | "APPROVED" | "REJECTED";
  reasons: string[];
  provider: string;
  /** JSON of the submitted evidence, encrypted. */
  evidenceEncrypted: string;
  documentType: string;
  /** Blind index of the document (type and number). */
  documentIndex: string;
  submittedAt: Date;
  /** The provider answers after this instant (the sandbox provider's pending period). */
  decideAfter: Date;
  decidedAt: Date | null;
}

export function proofingModel(connection: Connection) {
  return connection.model<ProofingDocument>("Proofing", new Schema<ProofingDocument>({
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    status: { type: String, required: true },
    reasons: { type: [String], default: [] },
    provider: { type: String, required: true },
    evidenceEncrypted: { type: String, required: true },
    documentType: { type: String, required: true },
    documentIndex: { type: String, required: true },
    submittedAt: { type: Date, required: true },
    decideAfter: { type: Date, required: true },
    decidedAt: { type: Date, default: null },
  }, { versionKey: false, collection: "proofings" })
    .index({ status: 1, decideAfter: 1 }, { name: "proofings_pending" })
    .index({ userId: 1, submittedAt: -1 }, { name: "proofings_by_user" }));
}
