import { FailedPreconditionError, NotFoundError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type AccountUnlockDocument } from "../../store/account-unlock.model";
import { type IdentityContext } from "../context";
import { accountThrottleKey, secondFactorThrottleKey } from "./login-throttle";

export interface UnlockRequest {
  userId: string;
  /** The support case that confirmed the holder (no personal data). */
  ticket: string;
  idempotencyKey: string;
  /** The operator tool that asks, as the gate authenticated it. */
  operator: string;
}

export interface UnlockOutcome {
  wasLocked: boolean;
  sessionsRevoked: number;
}

/**
 * Lifts the lock too many failed attempts put on an account (password or second factor), for
 * the support team once it has confirmed the holder: a lock is otherwise permanent, and anyone
 * who knows an email can cause one. The failures counted so far are forgotten too.
 *
 * In this order, each step safe to repeat:
 * 1. every session of the user is revoked, before the lock goes: a session opened before the
 *    lock (perhaps by whoever caused it) must not come back to life with the unlock;
 * 2. the throttle chains of the account's password and of its second factor record UNLOCK;
 * 3. the user's lock is cleared, and every replica's gate told (the access-change feed);
 * 4. a security event names the operator and the ticket;
 * 5. the outcome is recorded under the operator's idempotency key, last: a retry after a crash
 *    redoes what was not done, and a retry after the record replays it (an account locked anew
 *    since is not unlocked by an old request).
 */
export async function unlockAccount(context: IdentityContext, request: UnlockRequest): Promise<UnlockOutcome> {
  const recordId = `${request.operator}:${request.idempotencyKey}`;
  const earlier = await context.models.accountUnlocks.findById(recordId).lean<AccountUnlockDocument>();
  if (earlier) return replay(earlier, request);

  const user = await context.models.users.findById(request.userId, { emailIndex: 1, lockedAt: 1 }).lean();
  if (!user) throw new NotFoundError("user");
  const sessionsRevoked = await context.sessions.revokeAll(user._id, "ACCOUNT_UNLOCKED");
  const chainsWereLocked = await context.throttle.unlock([accountThrottleKey(user.emailIndex), secondFactorThrottleKey(user._id)]);
  if (user.lockedAt) {
    await context.models.users.updateOne({ _id: user._id }, { $set: { lockedAt: null } });
    await context.accessChanges.announce({ sessionId: "", userId: user._id });
  }
  const wasLocked = user.lockedAt !== null || chainsWereLocked;
  await context.events.record("ACCOUNT_UNLOCKED", {
    userId: user._id,
    reason: "OPERATOR_UNLOCK",
    facts: { operator: request.operator, ticket: request.ticket, was_locked: String(wasLocked), sessions_revoked: String(sessionsRevoked) },
  });

  const record: AccountUnlockDocument = { _id: recordId, userId: user._id, operator: request.operator, ticket: request.ticket, wasLocked, sessionsRevoked, at: context.clock() };
  if (await insertIfAbsent(context.models.accountUnlocks, record)) return { wasLocked, sessionsRevoked };
  // The same request, retried while this one ran: the first record answers both.
  return replay((await context.models.accountUnlocks.findById(recordId).lean<AccountUnlockDocument>())!, request);
}

function replay(earlier: AccountUnlockDocument, request: UnlockRequest): UnlockOutcome {
  const mismatched = (["userId", "ticket"] as const).filter((field) => earlier[field] !== request[field]);
  if (mismatched.length > 0) {
    throw FailedPreconditionError.idempotencyKeyReused(mismatched);
  }
  return { wasLocked: earlier.wasLocked, sessionsRevoked: earlier.sessionsRevoked };
}
