/** A wallet's state after the last event of its chain. */
export interface WalletState {
  seq: number;
  /** Ledger balance: what the wallet holds, including money reserved by open holds. */
  balance: bigint;
  /** Sum of open holds: reserved, not yet moved. Available = balance - held. */
  held: bigint;
  frozen: boolean;
  /** Limits tier (the owner's identity assurance level). */
  tier: number;
  /** Business day (YYYY-MM-DD in the ledger's time zone) the outflow counter belongs to. */
  outflowDay: string;
  outflowToday: bigint;
  openHolds: OpenHold[];
}

export interface OpenHold {
  holdId: string;
  amount: bigint;
  expiresAt: Date;
}

export interface Posting {
  accountId: string;
  /** Signed minor units; positive increases the account's balance. */
  amount: bigint;
}

export interface JournalEntry {
  entryId: string;
  currency: string;
  postings: Posting[];
}

export type WalletEventKind =
  | "CREDITED"
  | "DEBITED"
  | "HELD"
  | "HOLD_COMMITTED"
  | "HOLD_VOIDED"
  | "HOLD_EXPIRED"
  | "TRANSFER_RETURNED"
  | "TRANSFER_REFUSED"
  | "FROZEN"
  | "UNFROZEN"
  | "TIER_CHANGED";

/** What an operation appends; the running state is derived from it by `nextState`. */
export interface WalletChange {
  kind: WalletEventKind;
  entry: JournalEntry | null;
  /** The hold this event opens (HELD) or resolves (HOLD_*). */
  hold: { holdId: string; amount: bigint; expiresAt: Date } | null;
  /** Minor units counted toward the daily outflow limit (negative to give back). */
  outflow: bigint;
  tier?: number;
  /** Why, for events that record a refusal or an administrative change. */
  reason?: string;
}

export function initialState(tier: number): WalletState {
  return { seq: 0, balance: 0n, held: 0n, frozen: false, tier, outflowDay: "", outflowToday: 0n, openHolds: [] };
}

/** The wallet's share of an entry: the sum of the entry's postings to it. */
export function walletDelta(entry: JournalEntry | null, walletId: string): bigint {
  if (!entry) return 0n;
  return entry.postings.reduce((sum, posting) => (posting.accountId === walletId ? sum + posting.amount : sum), 0n);
}

export function entryIsBalanced(entry: JournalEntry): boolean {
  return entry.postings.length >= 2 && entry.postings.reduce((sum, posting) => sum + posting.amount, 0n) === 0n;
}

/**
 * The one fold of the ledger: the state after applying a change. The writer uses it to compute
 * what it stores, and the audit uses it to recompute every wallet from its chain, so the two
 * can never disagree about the rules.
 */
export function nextState(previous: WalletState, walletId: string, change: WalletChange, businessDay: string): WalletState {
  const state: WalletState = { ...previous, seq: previous.seq + 1, openHolds: [...previous.openHolds] };
  state.balance += walletDelta(change.entry, walletId);

  switch (change.kind) {
    case "HELD":
      if (change.hold) {
        state.openHolds.push({ ...change.hold });
        state.held += change.hold.amount;
      }
      break;
    case "HOLD_COMMITTED":
    case "HOLD_VOIDED":
    case "HOLD_EXPIRED": {
      // A resolution of a hold that never opened is a tombstone: it only blocks a late HELD.
      const index = state.openHolds.findIndex((hold) => hold.holdId === change.hold?.holdId);
      if (index >= 0) {
        state.held -= state.openHolds[index]!.amount;
        state.openHolds.splice(index, 1);
      }
      break;
    }
    case "FROZEN":
      state.frozen = true;
      break;
    case "UNFROZEN":
      state.frozen = false;
      break;
    case "TIER_CHANGED":
      state.tier = change.tier ?? state.tier;
      break;
    case "CREDITED":
    case "DEBITED":
    case "TRANSFER_RETURNED":
    case "TRANSFER_REFUSED":
      break;
  }

  if (change.outflow !== 0n) {
    if (state.outflowDay !== businessDay) {
      state.outflowDay = businessDay;
      state.outflowToday = 0n;
    }
    // A release (negative outflow) never takes the day's counter below zero.
    state.outflowToday = state.outflowToday + change.outflow < 0n ? 0n : state.outflowToday + change.outflow;
  }
  return state;
}
