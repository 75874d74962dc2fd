import { randomBytes } from "node:crypto";
import { ResourceExhaustedError, PermissionDeniedError } from "@wallet/service-kit";
import { Chain } from "@wallet/store-kit";
import { type IdentityModels } from "../../store/models";
import { type ThrottleEventDocument } from "../../store/throttle-event.model";

interface ThrottleState {
  seq: number;
  consecutiveFailures: number;
  lastAttemptAt: Date | null;
  locked: boolean;
}

type ThrottleChange = { kind: "ATTEMPT" | "SUCCESS" | "FORGIVEN" | "LOCK" | "UNLOCK"; at: Date; /** The failures counted so far are forgotten. */ fresh?: boolean };

export interface ThrottlePolicy {
  /** Failures allowed without any delay. */
  freeFailures: number;
  /** Consecutive failures after which the key is locked (NIST SP 800-63B: at most 100). */
  lockAfter: number | undefined;
  maxDelayMs: number;
  /** Failures older than this (counted from the last attempt) are forgotten; never if unset. */
  forgetAfterMs?: number;
}

/** Per account: growing delays after 5 failures, locked after 100 (NIST SP 800-63B 5.2.2). */
export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 5, lockAfter: 100, maxDelayMs: 3_600_000 };
/** Per source address: growing delays after 20 failures, never a lock (sources are shared). */
export const SOURCE_POLICY: ThrottlePolicy = { freeFailures: 20, lockAfter: undefined, maxDelayMs: 3_600_000, forgetAfterMs: 24 * 3_600_000 };

/** How long a throttle key's events behind its head are kept (see Chain's `prune`). */
export const THROTTLE_HISTORY_MS = 24 * 3_600_000;

/** The throttle key of an account's password attempts (by its email's blind index, so unknown emails are throttled alike). */
export const accountThrottleKey = (emailIndex: string) => `account:${emailIndex}`;
/** The throttle key of a user's second-factor attempts. */
export const secondFactorThrottleKey = (userId: string) => `second_factor:${userId}`;

/** How a throttled attempt is refused: its reason code and message. */
export interface Refusal {
  reason: string;
  message: string;
}

const LOGIN_REFUSAL: Refusal = { reason: "LOGIN_THROTTLED", message: "too many failed attempts; wait before trying again" };

export class AttemptThrottled extends ResourceExhaustedError {}
export class AccountLocked extends PermissionDeniedError {}

/** The wait owed after `failures` consecutive failures: 1 s, 2 s, 4 s ... capped. */
export function requiredDelayMs(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(1000 * 2 ** (failures - policy.freeFailures), policy.maxDelayMs);
}

/**
 * Attempt throttling: logins and second factors, and the sends and lookups that a policy above
 * limits. Each attempt is appended to its key's chain *before* the password is checked (or the
 * code sent) and counts as a failure until a success resets the count, so a burst of concurrent
 * attempts is counted exactly, on any store.
 */
export class LoginThrottle {
  private readonly chain: Chain<ThrottleState, ThrottleChange, ThrottleEventDocument>;

  constructor(models: IdentityModels, private readonly clock: () => Date = () => new Date()) {
    this.chain = new Chain({
      model: models.throttleEvents,
      chainField: "key",
      initialState: () => Promise.resolve({ seq: 0, consecutiveFailures: 0, lastAttemptAt: null, locked: false }),
      stateOf: (event) => ({ seq: event.seq, consecutiveFailures: event.consecutiveFailures, lastAttemptAt: event.lastAttemptAt, locked: event.locked }),
      apply: (previous, _key, change) => {
        switch (change.kind) {
          case "ATTEMPT":
            return { seq: previous.seq + 1, consecutiveFailures: (change.fresh ? 0 : previous.consecutiveFailures) + 1, lastAttemptAt: change.at, locked: previous.locked };
          case "SUCCESS":
            return { seq: previous.seq + 1, consecutiveFailures: 0, lastAttemptAt: change.at, locked: previous.locked };
          case "FORGIVEN":
            return { seq: previous.seq + 1, consecutiveFailures: Math.max(0, previous.consecutiveFailures - 1), lastAttemptAt: previous.lastAttemptAt, locked: previous.locked };
          case "LOCK":
            return { ...previous, seq: previous.seq + 1, locked: true };
          case "UNLOCK":
            return { seq: previous.seq + 1, consecutiveFailures: 0, lastAttemptAt: previous.lastAttemptAt, locked: false };
        }
      },
      body: (key, change, state, at) => ({ key, kind: change.kind, ...state, at }),
      // The head holds the whole state (a lock included); what is behind it goes after a day.
      prune: { timeField: "at", afterMs: THROTTLE_HISTORY_MS },
      clock,
    });
  }

  /**
   * Counts an attempt on every key, or refuses it: AttemptThrottled with the wait left, or
   * AccountLocked once a key reached its lock threshold.
   */
  async admit(keys: { key: string; policy: ThrottlePolicy }[], refusal: Refusal = LOGIN_REFUSAL): Promise<void> {
    for (const { key, policy } of keys) {
      const { event } = await this.chain.append({
        chainId: key,
        opKey: `${key}:${randomBytes(12).toString("base64url")}`,
        request: {},
        decide: (head) => {
          const now = this.clock();
          if (head.locked) return { kind: "LOCK", at: now };
          if (policy.lockAfter !== undefined && head.consecutiveFailures >= policy.lockAfter) return { kind: "LOCK", at: now };
          const waited = head.lastAttemptAt ? now.getTime() - head.lastAttemptAt.getTime() : Number.POSITIVE_INFINITY;
          if (policy.forgetAfterMs !== undefined && waited >= policy.forgetAfterMs) return { kind: "ATTEMPT", at: now, fresh: true };
          const wait = requiredDelayMs(policy, head.consecutiveFailures);
          if (waited < wait) throw new AttemptThrottled(refusal.reason, refusal.message, wait - waited, { key_kind: key.split(":")[0] ?? "" });
          return { kind: "ATTEMPT", at: now };
        },
      });
      if (event.kind === "LOCK") throw new AccountLocked("ACCOUNT_LOCKED", "this account is locked after too many failed attempts", { key_kind: key.split(":")[0] ?? "" });
    }
  }

  /** A successful login resets the consecutive failures of its keys (the account's). */
  async succeeded(keys: string[]): Promise<void> {
    for (const key of keys) await this.record(key, "SUCCESS");
  }

  /**
   * A successful attempt stops counting as a failure on keys shared by many people (a source
   * address), without wiping the failures others made from there: otherwise a guesser could
   * clear the source's count by signing in to their own account between guesses.
   */
  async forgiven(keys: string[]): Promise<void> {
    for (const key of keys) await this.record(key, "FORGIVEN");
  }

  /**
   * Lifts a lock and forgets the failures on each key (an operator's decision, see
   * account-unlock). Tells whether any of them was locked.
   */
  async unlock(keys: string[]): Promise<boolean> {
    let wasLocked = false;
    for (const key of keys) {
      await this.chain.append({ chainId: key, opKey: `${key}:${randomBytes(12).toString("base64url")}`, request: {}, decide: (head) => {
        wasLocked ||= head.locked;
        return { kind: "UNLOCK", at: this.clock() };
      } });
    }
    return wasLocked;
  }

  private async record(key: string, kind: "SUCCESS" | "FORGIVEN"): Promise<void> {
    await this.chain.append({ chainId: key, opKey: `${key}:${randomBytes(12).toString("base64url")}`, request: {}, decide: () => ({ kind, at: this.clock() }) });
  }
}
