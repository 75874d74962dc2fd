import { FailedPreconditionError, newId, NotFoundError, startPeriodicWork } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type ProofingDocument } from "../../store/proofing.model";
import { type IdentityContext } from "../context";
import { type IdentityEvidence, normaliseDocumentNumber, type ProofingProvider } from "./evidence";

/**
 * Submits evidence to the provider. The result is not immediate (PENDING first): the worker
 * asks the provider once its pending period is over. One identity document backs at most one
 * user: presenting a document another user proofed with is refused and recorded.
 */
export async function startProofing(
  context: IdentityContext,
  provider: ProofingProvider,
  input: { userId: string; evidence: IdentityEvidence; decisionDelayMs: number },
): Promise<ProofingDocument> {
  const { models, cipher, events } = context;
  const user = await models.users.findById(input.userId, { ial: 1 }).lean();
  if (!user) throw new NotFoundError("user");
  if (user.ial >= 2) throw new FailedPreconditionError("ALREADY_PROOFED", "this identity is already proofed");

  const documentIndex = documentIndexOf(context, input.evidence);
  const holder = await models.documentClaims.findById(documentIndex).lean();
  if (holder && holder.holder !== input.userId) {
    await events.record("DOCUMENT_ALREADY_USED", { userId: input.userId, reason: "DOCUMENT_ALREADY_USED", facts: { document_type: input.evidence.document.type } });
    throw new FailedPreconditionError("DOCUMENT_ALREADY_USED", "this identity document cannot be used for this account");
  }

  const now = context.clock();
  const proofingId = newId("prf");
  const proofing: ProofingDocument = {
    _id: proofingId,
    userId: input.userId,
    status: "PENDING",
    reasons: [],
    provider: provider.name,
    evidenceEncrypted: cipher.encrypt(JSON.stringify(input.evidence), `proofings:${proofingId}:evidence`),
    documentType: input.evidence.document.type,
    documentIndex,
    submittedAt: now,
    decideAfter: new Date(now.getTime() + input.decisionDelayMs),
    decidedAt: null,
  };
  await models.proofings.create(proofing);
  await events.record("PROOFING_SUBMITTED", { userId: input.userId, facts: { proofing_id: proofingId, document_type: proofing.documentType } });
  return proofing;
}

export async function getProofing(context: IdentityContext, userId: string, proofingId: string): Promise<ProofingDocument> {
  const proofing = await context.models.proofings.findById(proofingId).lean();
  if (!proofing || proofing.userId !== userId) throw new NotFoundError("proofing");
  return proofing;
}

/**
 * Decides every proofing whose pending period is over. The same evidence always gets the same
 * decision, so two replicas deciding one proofing agree; the document claim (a unique insert)
 * makes sure one document ends up backing one user.
 */
export async function decidePendingProofings(context: IdentityContext, provider: ProofingProvider, limit = 20): Promise<number> {
  const { models, cipher, events } = context;
  const now = context.clock();
  const due = await models.proofings.find({ status: "PENDING", decideAfter: { $lte: now } }).sort({ decideAfter: 1 }).limit(limit).lean();
  for (const proofing of due) {
    const evidence = JSON.parse(cipher.decrypt(proofing.evidenceEncrypted, `proofings:${proofing._id}:evidence`)) as IdentityEvidence;
    const decision = await provider.decide(evidence, now);
    let reasons = decision.approved ? [] : decision.reasons;
    if (decision.approved && !(await insertIfAbsent(models.documentClaims, { _id: proofing.documentIndex, holder: proofing.userId, at: now }))) {
      const holder = await models.documentClaims.findById(proofing.documentIndex).lean();
      if (holder?.holder !== proofing.userId) reasons = ["DOCUMENT_ALREADY_USED"];
    }
    // Several proofings of one user may be pending at once: the first approved is the user's
    // identity, and no later one may replace the proofed name (the document claim comes first,
    // so a proofing refused for its document never takes the user's approval).
    if (reasons.length === 0 && !(await claimApproval(context, proofing._id, proofing.userId, now))) reasons = ["ALREADY_PROOFED"];
    if (reasons.length === 0) {
      await models.users.updateOne({ _id: proofing.userId }, {
        $set: {
          ial: 2,
          proofedAt: now,
          proofedNameEncrypted: cipher.encrypt(JSON.stringify(evidence.name), `users:${proofing.userId}:proofed_name`),
        },
      });
      await context.accessChanges.announce({ sessionId: "", userId: proofing.userId });
      await models.proofings.updateOne({ _id: proofing._id }, { $set: { status: "APPROVED", decidedAt: now } });
      await events.record("PROOFING_APPROVED", { userId: proofing.userId, facts: { proofing_id: proofing._id, ial: "2" } });
    } else {
      await models.proofings.updateOne({ _id: proofing._id }, { $set: { status: "REJECTED", reasons, decidedAt: now } });
      if (reasons.includes("DOCUMENT_ALREADY_USED")) await events.record("DOCUMENT_ALREADY_USED", { userId: proofing.userId, reason: "DOCUMENT_ALREADY_USED" });
      await events.record("PROOFING_REJECTED", { userId: proofing.userId, reason: reasons.join(","), facts: { proofing_id: proofing._id } });
    }
  }
  return due.length;
}

/** True when this proofing holds the user's approval (now, or already: a retried decision). */
async function claimApproval(context: IdentityContext, proofingId: string, userId: string, at: Date): Promise<boolean> {
  if (await insertIfAbsent(context.models.proofingApprovals, { _id: userId, holder: proofingId, at })) return true;
  return (await context.models.proofingApprovals.findById(userId).lean())?.holder === proofingId;
}

function documentIndexOf(context: IdentityContext, evidence: IdentityEvidence): string {
  return context.index.of("identity_document", `${evidence.document.type}:${normaliseDocumentNumber(evidence.document.number)}`);
}

/** Polls for proofings to decide until stopped. */
export function startProofingWorker(context: IdentityContext, provider: ProofingProvider, intervalMs: number, onError: (error: unknown) => void): () => Promise<void> {
  return startPeriodicWork(intervalMs, async () => {
    await decidePendingProofings(context, provider);
  }, onError);
}
