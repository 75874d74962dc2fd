/** The numbers bank-link's policies run on (configured from the environment; see the README). */
export interface LinkPolicy {
  /** Links a user may hold at once: pending, active or suspended. */
  maxLinksPerUser: number;
  /** StartLink attempts per user, and per bank account across all users, within the window. */
  attemptsPerUser: number;
  attemptsPerAccount: number;
  attemptWindowMs: number;
  /** How long a fresh link stays in cooling-off, and its limits in yen. */
  coolingOffMs: number;
  coolingOffPerDebitYen: bigint;
  coolingOffPerDayYen: bigint;
  /** A pending link whose bank never answered is given up after this long. */
  pendingLinkLifetimeMs: number;
}

export const DEFAULT_LINK_POLICY: LinkPolicy = {
  maxLinksPerUser: 3,
  attemptsPerUser: 5,
  attemptsPerAccount: 3,
  attemptWindowMs: 24 * 3_600_000,
  coolingOffMs: 72 * 3_600_000,
  coolingOffPerDebitYen: 10_000n,
  coolingOffPerDayYen: 10_000n,
  pendingLinkLifetimeMs: 15 * 60_000,
};
