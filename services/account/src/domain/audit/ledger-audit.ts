import { type WalletEventDocument } from "../../store/wallet-event.model";
import { holdOpKeys } from "../holds/hold-ids";
import { type LedgerContext } from "../ledger/ledger-context";
import { systemAccountKind, systemAccounts } from "../ledger/system-accounts";
import { stateOf } from "../ledger/wallet-chain";
import { entryIsBalanced, initialState, type JournalEntry, nextState, type WalletChange, type WalletEventKind, type WalletState } from "../ledger/wallet-state";

export interface Discrepancy {
  kind: string;
  accountId: string;
  detail: string;
}

export interface AuditReport {
  walletsChecked: number;
  entriesChecked: number;
  postingsChecked: number;
  discrepancies: Discrepancy[];
  /** Sum of every account's balance per currency: zero in a closed double-entry ledger. */
  ledgerTotals: Map<string, bigint>;
  systemBalances: Map<string, { currency: string; balance: bigint }>;
}

/**
 * Recomputes the whole ledger from its postings with the same fold the writer uses, and checks:
 * every chain is gapless; every stored running state equals the recomputed one; every entry
 * balances, in the wallet's currency; no wallet is negative or over-held; every open hold has
 * its marker; the transit account holds exactly the transfers in flight; and the sum of all
 * balances (wallets and system accounts) is zero per currency.
 */
export async function auditLedger(ledger: LedgerContext): Promise<AuditReport> {
  const report: AuditReport = { walletsChecked: 0, entriesChecked: 0, postingsChecked: 0, discrepancies: [], ledgerTotals: new Map(), systemBalances: new Map() };
  const add = (map: Map<string, bigint>, key: string, amount: bigint) => map.set(key, (map.get(key) ?? 0n) + amount);
  const flag = (kind: string, accountId: string, detail: string) => report.discrepancies.push({ kind, accountId, detail });
  const markers = new Set((await ledger.models.openHolds.find({}, { _id: 1 }).lean()).map((marker) => marker._id));

  for await (const wallet of ledger.models.ledgerAccounts.find({ kind: "USER_WALLET" }).lean().cursor()) {
    report.walletsChecked += 1;
    let state: WalletState = initialState(wallet.initialTier);
    for await (const event of ledger.models.walletEvents.find({ walletId: wallet._id }).sort({ seq: 1 }).lean<WalletEventDocument>().cursor()) {
      if (event.seq !== state.seq + 1) flag("CHAIN_GAP", wallet._id, `expected position ${state.seq + 1}, found ${event.seq}`);
      const change = changeOf(event);
      if (change.entry) {
        report.entriesChecked += 1;
        report.postingsChecked += change.entry.postings.length;
        if (!entryIsBalanced(change.entry)) flag("UNBALANCED_ENTRY", wallet._id, `entry ${change.entry.entryId} does not sum to zero`);
        if (change.entry.currency !== wallet.currency) flag("CURRENCY_MISMATCH", wallet._id, `entry ${change.entry.entryId} is in ${change.entry.currency}`);
        for (const posting of change.entry.postings) {
          if (posting.accountId === wallet._id) continue;
          const kind = systemAccountKind(posting.accountId);
          if (!kind) flag("FOREIGN_POSTING", wallet._id, `entry ${change.entry.entryId} posts to ${posting.accountId} outside its chain`);
          const current = report.systemBalances.get(posting.accountId) ?? { currency: change.entry.currency, balance: 0n };
          report.systemBalances.set(posting.accountId, { currency: current.currency, balance: current.balance + posting.amount });
        }
      }
      const recomputed = { ...nextState(state, wallet._id, change, ledger.businessDay(new Date(event.at))), seq: event.seq };
      const stored = stateOf(event);
      for (const field of ["balance", "held", "frozen", "tier", "outflowToday"] as const) {
        if (recomputed[field] !== stored[field]) flag("STATE_MISMATCH", wallet._id, `position ${event.seq}: ${field} stored ${String(stored[field])}, recomputed ${String(recomputed[field])}`);
      }
      if (holdIds(recomputed) !== holdIds(stored)) flag("STATE_MISMATCH", wallet._id, `position ${event.seq}: open holds differ`);
      if (recomputed.balance < 0n) flag("NEGATIVE_BALANCE", wallet._id, `position ${event.seq}: balance ${recomputed.balance}`);
      if (recomputed.balance - recomputed.held < 0n) flag("NEGATIVE_AVAILABLE", wallet._id, `position ${event.seq}: available ${recomputed.balance - recomputed.held}`);
      state = recomputed;
    }
    for (const hold of state.openHolds) {
      if (!markers.has(hold.holdId)) flag("HOLD_WITHOUT_MARKER", wallet._id, `open hold ${hold.holdId} has no marker (it would never expire)`);
    }
    add(report.ledgerTotals, wallet.currency, state.balance);
  }

  for (const { currency, balance } of report.systemBalances.values()) add(report.ledgerTotals, currency, balance);
  for (const [currency, total] of report.ledgerTotals) {
    if (total !== 0n) flag("LEDGER_NOT_ZERO", "", `${currency} balances sum to ${total}`);
  }
  const inFlight = await transfersInFlight(ledger, markers);
  for (const [accountId, { currency, balance }] of report.systemBalances) {
    if (accountId === systemAccounts.transit(currency) && balance !== (inFlight.get(currency) ?? 0n)) {
      flag("TRANSIT_NOT_SETTLED", accountId, `transit holds ${balance}, transfers in flight ${inFlight.get(currency) ?? 0n}`);
    }
  }
  return report;
}

/** Money committed to a wallet whose credit (or return) has not been applied yet, by currency. */
async function transfersInFlight(ledger: LedgerContext, markers: Set<string>): Promise<Map<string, bigint>> {
  const inFlight = new Map<string, bigint>();
  for (const holdId of markers) {
    const resolved = await ledger.chain.findByOpKey(holdOpKeys.resolve(holdId));
    if (!resolved?.entry || !resolved.request["destination"]?.startsWith("wallet:")) continue;
    const incoming = await ledger.chain.findByOpKey(holdOpKeys.incoming(holdId));
    const returned = await ledger.chain.findByOpKey(holdOpKeys.return(holdId));
    const pending = !incoming || (incoming.kind === "TRANSFER_REFUSED" && !returned);
    const amount = BigInt(resolved.entry.postings.find((posting) => posting.accountId !== resolved.walletId)?.amount ?? 0n);
    if (pending) inFlight.set(resolved.entry.currency, (inFlight.get(resolved.entry.currency) ?? 0n) + amount);
  }
  return inFlight;
}

/** The change an event recorded, rebuilt for the fold. */
export function changeOf(event: WalletEventDocument): WalletChange {
  const entry: JournalEntry | null = event.entry
    ? { entryId: event.entry.entryId, currency: event.entry.currency, postings: event.entry.postings.map((posting) => ({ accountId: posting.accountId, amount: BigInt(posting.amount) })) }
    : null;
  const opened = event.openHolds.find((hold) => hold.holdId === event.holdId);
  return {
    kind: event.kind as WalletEventKind,
    entry,
    hold: event.holdId ? { holdId: event.holdId, amount: opened ? BigInt(opened.amount) : 0n, expiresAt: opened ? new Date(opened.expiresAt) : new Date(event.at) } : null,
    outflow: BigInt(event.outflow),
    tier: event.tier,
    reason: event.reason,
  };
}

function holdIds(state: WalletState): string {
  return state.openHolds.map((hold) => hold.holdId).sort().join(",");
}
