import { randomUUID } from "node:crypto";

/**
 * The key a mutating command sends: the one given with --idempotency-key (to retry safely), or a
 * new one, so a command run twice on purpose acts twice.
 */
export function idempotencyKeyOr(given: string | undefined, prefix = "cli"): string {
  return given ?? `${prefix}-${randomUUID()}`;
}
