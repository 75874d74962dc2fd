import { type IdentityContext } from "../context";
import { AttemptThrottled, type ThrottlePolicy } from "./login-throttle";

/**
 * Codes sent to one destination (a sign-up's email or phone, a user's login SMS): five at once,
 * then growing delays until an hour passes quietly. Every send counts; it brakes message
 * bombing of someone else's phone and SMS pumping without ever locking anyone out.
 */
export const SEND_POLICY: ThrottlePolicy = { freeFailures: 5, lockAfter: undefined, maxDelayMs: 3_600_000, forgetAfterMs: 3_600_000 };
/** Step-up codes per user: operations differ and each may need its own code, so ten at once. */
export const STEP_UP_SEND_POLICY: ThrottlePolicy = { ...SEND_POLICY, freeFailures: 10 };
/** Payee lookups by phone number per payer: enough for everyday use, too few to map who is registered. */
export const PAYEE_LOOKUP_POLICY: ThrottlePolicy = { freeFailures: 20, lockAfter: undefined, maxDelayMs: 3_600_000, forgetAfterMs: 3_600_000 };

/** Sign-ups from one client address: `free` an hour, then growing delays; never a lock (addresses are shared). */
export function signUpSourcePolicy(free: number): ThrottlePolicy {
  return { ...SEND_POLICY, freeFailures: free };
}

/**
 * One more code sent to each destination key (`<kind>:<blind index or user id>`), or a
 * RESOURCE_EXHAUSTED refusal recorded as a security event. The keys name the destination,
 * never whether it belongs to anyone: a sign-up to a taken phone is throttled like any other.
 */
export function admitSend(context: IdentityContext, destinationKeys: string[], userId = "", policy: ThrottlePolicy = SEND_POLICY): Promise<void> {
  return admitOrRecord(context, destinationKeys.map((key) => ({ key, policy })), userId, "SEND_THROTTLED", "too many codes sent to this destination; wait before asking for another");
}

/**
 * One more sign-up: its email and phone as destinations, and the client address it came from
 * (`signup_source:<blind index>`), or a RESOURCE_EXHAUSTED refusal recorded as a security event.
 * The refusal does not say which key held it back.
 */
export function admitSignUp(context: IdentityContext, keys: { email: string; phone: string; source: string }, sourcePolicy: ThrottlePolicy): Promise<void> {
  return admitOrRecord(context, [
    { key: `signup_email:${keys.email}`, policy: SEND_POLICY },
    { key: `signup_phone:${keys.phone}`, policy: SEND_POLICY },
    { key: `signup_source:${keys.source}`, policy: sourcePolicy },
  ], "", "SEND_THROTTLED", "too many sign-ups or codes; wait before trying again");
}

/** One more payee lookup by phone number for this payer, or a refusal recorded as a security event. */
export function admitPayeeLookup(context: IdentityContext, payerId: string): Promise<void> {
  return admitOrRecord(context, [{ key: `payee_lookup:${payerId}`, policy: PAYEE_LOOKUP_POLICY }], payerId, "PAYEE_LOOKUP_THROTTLED", "too many payees looked up by phone number; wait, or pay by handle");
}

/** Counts the attempt on every key, or refuses it with `reason`, recorded as the event of that name. */
async function admitOrRecord(
  context: IdentityContext,
  keys: { key: string; policy: ThrottlePolicy }[],
  userId: string,
  reason: "SEND_THROTTLED" | "PAYEE_LOOKUP_THROTTLED",
  message: string,
): Promise<void> {
  await context.throttle.admit(keys, { reason, message }).catch(async (error: unknown) => {
    if (error instanceof AttemptThrottled) {
      await context.events.record(reason, { userId, reason: error.reason, facts: { ...error.facts, retry_after_ms: String(error.retryAfterMs ?? 0) } });
    }
    throw error;
  });
}
