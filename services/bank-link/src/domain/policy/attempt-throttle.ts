import { randomBytes } from "node:crypto";
import { ResourceExhaustedError } from "@wallet/service-kit";
import { Chain } from "@wallet/store-kit";
import { type BankLinkModels } from "../../store/models";
import { type AttemptDocument } from "../../store/policy-chains.model";

interface AttemptState {
  seq: number;
  /** Attempt times still inside the window, oldest first. */
  attempts: Date[];
}

export interface ThrottleKey {
  /** "user:<id>" or "account:<fingerprint>". */
  key: string;
  limit: number;
}

export class LinkAttemptsThrottled extends ResourceExhaustedError {}

/**
 * A sliding-window count of link attempts per key. An attempt is appended to its key's chain
 * before anything else is checked, so a burst of concurrent attempts is counted exactly: the
 * (limit+1)-th inside the window is refused with the time to wait.
 */
export class AttemptThrottle {
  private readonly chain: Chain<AttemptState, { at: Date; keep: number }, AttemptDocument>;

  constructor(models: BankLinkModels, private readonly windowMs: number, private readonly clock: () => Date) {
    this.chain = new Chain({
      model: models.attempts,
      chainField: "key",
      initialState: () => Promise.resolve({ seq: 0, attempts: [] }),
      stateOf: (event) => ({ seq: event.seq, attempts: event.attempts }),
      apply: (previous, _key, change) => ({ seq: previous.seq + 1, attempts: [...this.recent(previous.attempts, change.at), change.at].slice(-change.keep) }),
      body: (key, change, state) => ({ key, attempts: state.attempts, at: change.at }),
      // The head holds every attempt still inside the window; what is behind it goes after a day.
      prune: { timeField: "at", afterMs: Math.max(windowMs, 24 * 3_600_000) },
      clock,
    });
  }

  /** Counts an attempt on each key in turn, or refuses it on the first key over its limit. */
  async admit(keys: ThrottleKey[]): Promise<void> {
    for (const { key, limit } of keys) {
      await this.chain.append({
        chainId: key,
        opKey: `${key}:${randomBytes(12).toString("base64url")}`,
        request: {},
        decide: (head) => {
          const now = this.clock();
          const recent = this.recent(head.attempts, now);
          if (recent.length >= limit) {
            const retryAfterMs = recent[0]!.getTime() + this.windowMs - now.getTime();
            throw new LinkAttemptsThrottled("LINK_ATTEMPTS_THROTTLED", "too many link attempts; try again later", Math.max(retryAfterMs, 1_000), {
              key_kind: key.slice(0, key.indexOf(":")),
              limit: String(limit),
            });
          }
          return { at: now, keep: limit };
        },
      });
    }
  }

  private recent(attempts: Date[], now: Date): Date[] {
    return attempts.filter((at) => now.getTime() - at.getTime() < this.windowMs);
  }
}
