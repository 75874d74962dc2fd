import { createHash } from "node:crypto";

/**
 * A hold's id derives from its wallet and the caller's idempotency key, so a retried Reserve
 * names the same hold; it embeds the wallet id, so any later step (commit, void, expiry,
 * recovery) finds the wallet's chain from the hold id alone.
 */
export function holdIdFor(walletId: string, idempotencyKey: string): string {
  const digest = createHash("sha256").update(`${walletId}\u0000${idempotencyKey}`).digest("hex").slice(0, 24);
  return `hld_${walletId.replace(/^wal_/, "")}_${digest}`;
}

export function walletIdOfHold(holdId: string): string | undefined {
  const match = /^hld_([0-9a-z]+)_[0-9a-f]{24}$/.exec(holdId);
  return match ? `wal_${match[1]}` : undefined;
}

/** The operation keys of a hold's steps, each at most once. */
export const holdOpKeys = {
  reserve: (holdId: string) => `hold:${holdId}:reserve`,
  /** Commit, void and expiry share one key: exactly one of them can ever happen. */
  resolve: (holdId: string) => `hold:${holdId}:resolve`,
  /** On the payee's chain: the transfer credited, or refused, exactly once. */
  incoming: (holdId: string) => `hold:${holdId}:incoming`,
  /** On the payer's chain: the money back when the payee refused it. */
  return: (holdId: string) => `hold:${holdId}:return`,
};
