import { createHash, randomBytes } from "node:crypto";
import { FailedPreconditionError, newId, NotFoundError, ResourceExhaustedError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type IdentityContext } from "../context";
import { codeFailure } from "../contacts/code-outcome";
import { messages } from "../contacts/messages";
import { admitSend, STEP_UP_SEND_POLICY } from "../security/send-throttle";

const CHALLENGE_LIFETIME_MS = 10 * 60_000;
const CODE_LIFETIME_MS = 5 * 60_000;
const MAX_SENDS = 3;
/**
 * The longest a proof lives (STEP_UP_PROOF_TTL_SECONDS is bounded by it): a spent proof's claim
 * can go once this has passed since it was spent (see expired-records).
 */
export const MAX_PROOF_LIFETIME_MS = 10 * 60_000;

/**
 * What a step-up approves: the user, the action and every bound value of the operation (amount,
 * currency, payee or bank link). Like PSD2 dynamic linking, a proof for one binding approves
 * nothing else.
 */
export function bindingOf(userId: string, action: string, operation: Readonly<Record<string, string>>): string {
  const values = Object.keys(operation).sort().map((field) => `${field}=${operation[field]}`).join("&");
  return createHash("sha256").update(`${userId}\n${action}\n${values}`).digest("base64url");
}

/** "TopUp: amount.minor_units 10000, amount.currency JPY": the words the code's message shows. */
export function operationSummary(action: string, operation: Readonly<Record<string, string>>): string {
  const rpc = action.slice(action.lastIndexOf("/") + 1);
  const values = Object.keys(operation).sort().map((field) => `${field} ${operation[field]}`).join(", ");
  return values ? `${rpc}: ${values}` : rpc;
}

export async function createStepUpChallenge(
  context: IdentityContext,
  input: { userId: string; action: string; operation: Record<string, string>; reason: string },
): Promise<string> {
  const now = context.clock();
  const challengeId = newId("stu");
  await context.models.stepUpChallenges.create({
    _id: challengeId,
    userId: input.userId,
    action: input.action,
    operation: Object.entries(input.operation).map(([field, value]) => ({ field, value })),
    binding: bindingOf(input.userId, input.action, input.operation),
    reason: input.reason,
    codeChallengeId: "",
    sends: 0,
    expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
    createdAt: now,
  });
  await context.events.record("STEP_UP_CHALLENGED", { userId: input.userId, reason: input.reason, facts: { action: input.action, challenge_id: challengeId } });
  return challengeId;
}

/** Sends the challenge's code to the confirmed phone, saying exactly what it approves. */
export async function sendStepUpCode(context: IdentityContext, userId: string, challengeId: string): Promise<Date> {
  const challenge = await context.models.stepUpChallenges.findById(challengeId).lean();
  if (!challenge || challenge.userId !== userId || challenge.expiresAt <= context.clock()) throw new NotFoundError("step_up_challenge");
  if (challenge.sends >= MAX_SENDS) throw new ResourceExhaustedError("STEP_UP_SENDS_EXHAUSTED", "too many codes sent for this step-up; start the operation again");
  const user = await context.models.users.findById(userId, { phoneEncrypted: 1, phoneConfirmedAt: 1 }).lean();
  if (!user?.phoneConfirmedAt) throw new FailedPreconditionError("PHONE_NOT_CONFIRMED", "confirm a phone number first");
  // The per-challenge count above can race, and every operation starts a new challenge: the
  // user's own send chain is what bounds the codes sent to their phone.
  await admitSend(context, [`step_up:${userId}`], userId, STEP_UP_SEND_POLICY);
  const issued = await context.codes.issue({ purpose: "step_up", subject: userId, binding: challenge.binding, lifetimeMs: CODE_LIFETIME_MS });
  await context.models.stepUpChallenges.updateOne({ _id: challengeId }, { $set: { codeChallengeId: issued.challengeId, sends: challenge.sends + 1 } });
  const phone = context.cipher.decrypt(user.phoneEncrypted, `users:${userId}:phone`);
  await context.sender.send({ channel: "sms", to: phone, template: "step_up_code", body: messages.stepUpCode(issued.code, operationSummary(challenge.action, Object.fromEntries(challenge.operation.map(({ field, value }) => [field, value])))) });
  await context.events.record("STEP_UP_CODE_SENT", { userId, facts: { challenge_id: challengeId } });
  return issued.expiresAt;
}

/** Exchanges the code for a proof: usable once, for this binding, for a few minutes. */
export async function completeStepUp(
  context: IdentityContext,
  input: { userId: string; challengeId: string; code: string; proofLifetimeMs: number },
): Promise<{ proof: string; expiresAt: Date }> {
  const challenge = await context.models.stepUpChallenges.findById(input.challengeId).lean();
  if (!challenge || challenge.userId !== input.userId || !challenge.codeChallengeId || challenge.expiresAt <= context.clock()) throw new NotFoundError("step_up_challenge");
  const outcome = await context.codes.verify({ challengeId: challenge.codeChallengeId, code: input.code, purpose: "step_up", subject: input.userId });
  if (!outcome.ok) {
    await context.events.record(outcome.reason === "TOO_MANY_ATTEMPTS" ? "CHALLENGE_EXHAUSTED" : "STEP_UP_FAILED", {
      userId: input.userId, reason: outcome.reason, facts: { challenge_id: input.challengeId, purpose: "step_up" },
    });
    throw codeFailure(outcome);
  }
  const proof = `sup_${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(context.clock().getTime() + Math.min(input.proofLifetimeMs, MAX_PROOF_LIFETIME_MS));
  await context.models.stepUpProofs.create({
    _id: hashProof(proof), userId: input.userId, binding: challenge.binding, challengeId: challenge._id, expiresAt, createdAt: context.clock(),
  });
  await context.events.record("STEP_UP_COMPLETED", { userId: input.userId, facts: { challenge_id: challenge._id, action: challenge.action } });
  return { proof, expiresAt };
}

export type ProofCheck = { ok: true } | { ok: false; reason: "STEP_UP_PROOF_INVALID" | "STEP_UP_PROOF_EXPIRED" | "STEP_UP_PROOF_MISMATCH" | "STEP_UP_PROOF_USED" };

/** Verifies a presented proof against the exact operation, and spends it. */
export async function spendStepUpProof(
  context: IdentityContext,
  input: { userId: string; action: string; operation: Record<string, string>; proof: string },
): Promise<ProofCheck> {
  const record = await context.models.stepUpProofs.findById(hashProof(input.proof)).lean();
  let check: ProofCheck = { ok: true };
  if (!record || record.userId !== input.userId) check = { ok: false, reason: "STEP_UP_PROOF_INVALID" };
  else if (record.expiresAt <= context.clock()) check = { ok: false, reason: "STEP_UP_PROOF_EXPIRED" };
  else if (record.binding !== bindingOf(input.userId, input.action, input.operation)) check = { ok: false, reason: "STEP_UP_PROOF_MISMATCH" };
  else if (!(await insertIfAbsent(context.models.stepUpProofSpends, { _id: record._id, holder: input.userId, at: context.clock() }))) {
    check = { ok: false, reason: "STEP_UP_PROOF_USED" };
  }
  if (!check.ok) await context.events.record("STEP_UP_PROOF_REJECTED", { userId: input.userId, reason: check.reason, facts: { action: input.action } });
  return check;
}

function hashProof(proof: string): string {
  return createHash("sha256").update(proof).digest("base64url");
}
