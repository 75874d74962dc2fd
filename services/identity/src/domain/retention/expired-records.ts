import { MAX_LIFETIME_MS as CODE_MAX_LIFETIME_MS } from "@wallet/one-time-codes";
import { type Logger, startPeriodicWork } from "@wallet/service-kit";
import { type IdentityModels } from "../../store/models";
import { AAL1_MAX_AGE_MS, AAL2_MAX_AGE_MS } from "../sessions/sessions";
import { MAX_PROOF_LIFETIME_MS } from "../step-up/step-up";

/**
 * How long a record is kept after the last moment it could decide anything: far more than any
 * clock skew between replicas or call in flight, and short next to what the records would
 * otherwise be kept for (forever).
 */
export const RETENTION_MARGIN_MS = 24 * 3_600_000;
const SWEEP_EVERY_MS = 60 * 60_000;

/**
 * Deletes the short-lived records no rule of identity can need any more, and tells how many
 * went from each collection. Each collection is one delete on the records' own dates: nothing
 * is decided on a read that could be stale by the time it deletes. Not swept, on purpose:
 * users and their uniqueness claims, used recovery codes, notices' idempotency claims,
 * proofings, security events (the audit trail), account unlocks (who lifted which lock), signing
 * keys, and throttle chains (see "Retention" in the README).
 */
export async function sweepExpiredRecords(models: IdentityModels, now: Date): Promise<Record<string, number>> {
  /** Older than `ms` before the margin. */
  const before = (ms: number) => ({ $lt: new Date(now.getTime() - RETENTION_MARGIN_MS - ms) });
  const deleted: Record<string, number> = {};

  // An expired sign-up is refused exactly like a missing one (NotFound "sign_up").
  deleted.sign_ups = (await models.signUps.deleteMany({ expiresAt: before(0) })).deletedCount;

  // A missing code is refused (NOT_FOUND) like an expired one. Its attempt and use claims only
  // count while it lives; a claim is made before the code expires, and no code lives longer
  // than CODE_MAX_LIFETIME_MS, so one that old is a dead code's.
  deleted.otp_challenges = (await models.challenges.deleteMany({ expiresAt: before(0) })).deletedCount;
  deleted.otp_challenge_claims = (await models.claims.deleteMany({ at: before(CODE_MAX_LIFETIME_MS) })).deletedCount;

  // A missing step-up challenge or proof is refused like an expired one. Proofs go before their
  // spends, and a spend is kept past the longest a proof lives, so no live proof loses its spend.
  deleted.step_up_challenges = (await models.stepUpChallenges.deleteMany({ expiresAt: before(0) })).deletedCount;
  deleted.step_up_proofs = (await models.stepUpProofs.deleteMany({ expiresAt: before(0) })).deletedCount;
  deleted.step_up_proof_spends = (await models.stepUpProofSpends.deleteMany({ at: before(MAX_PROOF_LIFETIME_MS) })).deletedCount;

  // A TOTP step is accepted within one step (30 s) of its own, so 90 s after it was spent no
  // code can match it again.
  deleted.totp_code_spends = (await models.totpSpends.deleteMany({ at: before(90_000) })).deletedCount;

  // A session that ended stays ended (revocation is never undone, age only grows). Once it is
  // gone, its tokens are refused as SESSION_REVOKED instead of REAUTHENTICATION_REQUIRED.
  deleted.sessions = (await models.sessions.deleteMany({
    $or: [
      { revokedAt: before(0) },
      { aal: { $gte: 2 }, authenticatedAt: before(AAL2_MAX_AGE_MS) },
      { authenticatedAt: before(AAL1_MAX_AGE_MS) },
    ],
  })).deletedCount;

  // Reuse detection needs a session's tokens and spends for as long as the session can live: a
  // token is issued (and spent) after its session's password, so one issued more than the
  // longest lifetime ago belongs to a session past it, whatever the session's level or
  // state. Tokens go before their spends: a token present is never without its spend.
  deleted.refresh_tokens = (await models.refreshTokens.deleteMany({ issuedAt: before(AAL1_MAX_AGE_MS) })).deletedCount;
  deleted.refresh_token_spends = (await models.refreshSpends.deleteMany({ at: before(AAL1_MAX_AGE_MS) })).deletedCount;

  return deleted;
}

/**
 * Sweeps the expired records at start and then every hour, until the returned stop is called
 * (it waits for a round in progress). Logs how many went from each collection, nothing else.
 */
export function keepExpiredRecordsSwept(models: IdentityModels, logger: Logger): () => Promise<void> {
  return startPeriodicWork(SWEEP_EVERY_MS, async () => {
    const deleted = await sweepExpiredRecords(models, new Date());
    if (Object.values(deleted).some((count) => count > 0)) logger.info({ deleted }, "expired identity records deleted");
  }, (error) => {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "could not sweep expired identity records; the next round tries again");
  }, { runNow: true });
}
