import { type IdentityContext } from "../context";
import { AttemptThrottled, PAYEE_LOOKUP_POLICY, SEND_POLICY, type ThrottlePolicy } from "./login-throttle";

/**
 * One more code sent to each destination key (`<kind>:<blind index or user id>`), or a
 * RESOURCE_EXHAUSTED refusal recorded as a security event. The keys name the destination,
 * never whether it belongs to anyone: a sign-up to a taken phone is throttled like any other.
 */
export async function admitSend(context: IdentityContext, destinationKeys: string[], userId = "", policy: ThrottlePolicy = SEND_POLICY): Promise<void> {
  await context.throttle.admit(destinationKeys.map((key) => ({ key, policy })), {
    reason: "SEND_THROTTLED",
    message: "too many codes sent to this destination; wait before asking for another",
  }).catch(async (error: unknown) => {
    if (error instanceof AttemptThrottled) await context.events.record("SEND_THROTTLED", { userId, reason: error.reason, facts: retryFacts(error) });
    throw error;
  });
}

/** One more payee lookup by phone number for this payer, or a refusal recorded as a security event. */
export async function admitPayeeLookup(context: IdentityContext, payerId: string): Promise<void> {
  await context.throttle.admit([{ key: `payee_lookup:${payerId}`, policy: PAYEE_LOOKUP_POLICY }], {
    reason: "PAYEE_LOOKUP_THROTTLED",
    message: "too many payees looked up by phone number; wait, or pay by handle",
  }).catch(async (error: unknown) => {
    if (error instanceof AttemptThrottled) await context.events.record("PAYEE_LOOKUP_THROTTLED", { userId: payerId, reason: error.reason, facts: retryFacts(error) });
    throw error;
  });
}

function retryFacts(error: AttemptThrottled): Record<string, string> {
  return { ...error.facts, retry_after_ms: String(error.retryAfterMs ?? 0) };
}
