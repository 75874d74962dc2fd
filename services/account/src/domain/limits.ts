/**
 * The one policy table of wallet limits, by currency and limits tier (the owner's identity
 * assurance level: 0 email only, 1 contacts confirmed, 2 identity proofed).
 */
export interface WalletLimits {
  /** Most a wallet may hold. */
  maxBalance: bigint;
  /** Most that may leave a wallet per business day (sends, payments, withdrawals, holds). */
  dailyOutflow: bigint;
}

const LIMITS: Readonly<Record<string, readonly WalletLimits[]>> = {
  JPY: [
    // IAL0: may sign in; may not hold money.
    { maxBalance: 0n, dailyOutflow: 0n },
    // IAL1: may receive (a friend's transfer), up to a small balance; top-ups need IAL2.
    { maxBalance: 100_000n, dailyOutflow: 30_000n },
    // IAL2: proofed.
    { maxBalance: 1_000_000n, dailyOutflow: 500_000n },
  ],
};

export function limitsFor(currency: string, tier: number): WalletLimits | undefined {
  const table = LIMITS[currency];
  if (!table) return undefined;
  return table[Math.max(0, Math.min(tier, table.length - 1))];
}

export function supportedCurrencies(): string[] {
  return Object.keys(LIMITS);
}
