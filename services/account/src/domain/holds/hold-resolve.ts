import { DomainError, FailedPreconditionError, newId, NotFoundError } from "@wallet/service-kit";
import { type Counterparty, describeCounterparty, systemAccountOf } from "../ledger/counterparty";
import { type LedgerContext } from "../ledger/ledger-context";
import { systemAccounts } from "../ledger/system-accounts";
import { type WalletAppend } from "../ledger/wallet-chain";
import { type WalletEventDocument } from "../../store/wallet-event.model";
import { assertCanReceive } from "../operations/wallet-checks";
import { holdOpKeys, walletIdOfHold } from "./hold-ids";
import { type HoldView, holdView, reservationOf, viewOf } from "./hold-view";

/**
 * Commits a hold: the reserved money moves to a system account (one entry on the payer's
 * chain) or to another wallet. A wallet-to-wallet commit passes through the transit account,
 * so at every instant each stored entry balances and no money exists twice:
 *   1. payer's chain: HOLD_COMMITTED  (payer -X, transit +X)      key hold:<id>:resolve
 *   2. payee's chain: CREDITED        (transit -X, payee +X)      key hold:<id>:incoming
 *      or TRANSFER_REFUSED (the payee cannot take it: no entry)   same key: one outcome only
 *   3. after a refusal, payer's chain: TRANSFER_RETURNED (transit -X, payer +X)
 *   4. the open-hold marker is deleted.
 * Each step is one insert under a unique key; recovery finishes whatever a crash interrupted.
 */
export async function commitHold(ledger: LedgerContext, input: { holdId: string; destination: Counterparty; settledExternally?: boolean }): Promise<{ hold: HoldView; entryId: string }> {
  const reserved = await reservationOf(ledger, input.holdId);
  const { walletId } = reserved;
  const amount = BigInt(reserved.request["amount"] ?? "0");
  const currency = reserved.request["currency"] ?? "";
  let creditTo: string;
  if (input.destination.kind === "wallet") {
    const payee = await ledger.wallets.get(input.destination.walletId);
    if (payee._id === walletId) throw new FailedPreconditionError("SAME_WALLET", "a hold cannot be committed to its own wallet");
    if (payee.currency !== currency) throw new FailedPreconditionError("CURRENCY_MISMATCH", "the payee's wallet is in another currency");
    creditTo = await ledger.systemAccounts.ensure(systemAccounts.transit(currency), currency);
  } else {
    creditTo = await ledger.systemAccounts.ensure(systemAccountOf(input.destination, currency), currency);
  }

  const { event } = await resolveOnce(ledger, input.holdId, walletId, { op: "commit", destination: describeCounterparty(input.destination) }, (head) => {
    const hold = head.openHolds.find((open) => open.holdId === input.holdId);
    if (!hold) throw new NotFoundError("hold");
    if (head.frozen && !input.settledExternally) throw new FailedPreconditionError("WALLET_FROZEN", "the wallet is frozen");
    return {
      kind: "HOLD_COMMITTED",
      entry: { entryId: newId("ent"), currency, postings: [{ accountId: walletId, amount: -amount }, { accountId: creditTo, amount }] },
      hold,
      outflow: 0n,
    };
  });
  await ledger.betweenSteps();
  const { refusedBecause } = await finishHold(ledger, input.holdId, event);
  // Built from the events in hand: a commit reads nothing but the reservation.
  const hold = viewOf(reserved, event, refusedBecause !== undefined);
  if (refusedBecause !== undefined) {
    throw new FailedPreconditionError("PAYEE_CANNOT_RECEIVE", "the payee's wallet cannot take this amount; the money went back", {
      hold_id: input.holdId,
      payee_reason: refusedBecause,
    });
  }
  return { hold, entryId: event.entry?.entryId ?? "" };
}

/** Releases a hold without moving money (void), or because it ran out of time (expiry). */
export async function releaseHold(ledger: LedgerContext, holdId: string, kind: "HOLD_VOIDED" | "HOLD_EXPIRED", reason: string): Promise<HoldView> {
  const walletId = walletIdOfHold(holdId);
  if (!walletId) throw new NotFoundError("hold");
  await ledger.wallets.get(walletId);
  await resolveOnce(ledger, holdId, walletId, { op: kind === "HOLD_VOIDED" ? "void" : "expire" }, (head) => {
    const hold = head.openHolds.find((open) => open.holdId === holdId);
    // A release of a hold that never opened is a tombstone: a late reservation is refused.
    return {
      kind,
      entry: null,
      hold: hold ?? { holdId, amount: 0n, expiresAt: ledger.clock() },
      outflow: hold ? -hold.amount : 0n,
      reason,
    };
  }).catch(async (error: unknown) => {
    if (!(error instanceof DomainError) || error.reason !== "HOLD_ALREADY_RESOLVED") throw error;
    // Already aborted (voided, expired, or returned by a payee who could not take it): done.
    if (error.facts["outcome"] !== "COMMITTED") return;
    await finishHold(ledger, holdId);
    if ((await holdView(ledger, holdId)).state !== "ABORTED") {
      throw new FailedPreconditionError("HOLD_ALREADY_COMMITTED", "the hold was already committed", { hold_id: holdId });
    }
  });
  await finishHold(ledger, holdId);
  try {
    return await holdView(ledger, holdId);
  } catch (error) {
    if (error instanceof NotFoundError) return { holdId, walletId, amount: 0n, currency: "", state: "ABORTED", outcome: kind === "HOLD_VOIDED" ? "VOIDED" : "EXPIRED", expiresAt: ledger.clock(), paymentId: "" };
    throw error;
  }
}

/**
 * Whatever follows a hold's resolution: a transfer's credit (or refusal and return), then the
 * marker's deletion. Idempotent: recovery calls it for every marker whose hold is resolved.
 * Tells why the payee refused a transfer, when it did.
 */
export async function finishHold(ledger: LedgerContext, holdId: string, known?: WalletEventDocument): Promise<{ refusedBecause?: string }> {
  const resolved = known ?? (await ledger.chain.findByOpKey(holdOpKeys.resolve(holdId)));
  let refusedBecause: string | undefined;
  const destination = resolved?.kind === "HOLD_COMMITTED" ? resolved.request["destination"] ?? "" : "";
  if (resolved && destination.startsWith("wallet:")) {
    const payerId = resolved.walletId;
    const payeeId = destination.slice("wallet:".length);
    const amount = BigInt(resolved.entry?.postings.find((posting) => posting.accountId === payerId)?.amount ?? 0n) * -1n;
    const currency = resolved.entry?.currency ?? "";
    const transit = systemAccounts.transit(currency);
    const incoming = await ledger.chain.append({
      walletId: payeeId,
      opKey: holdOpKeys.incoming(holdId),
      request: { op: "transfer_in", hold: holdId, amount: amount.toString(), currency },
      paymentId: resolved.paymentId,
      decide(head, payee) {
        try {
          assertCanReceive(head, payee, amount, currency);
        } catch (refusal) {
          if (!(refusal instanceof FailedPreconditionError)) throw refusal;
          return { kind: "TRANSFER_REFUSED", entry: null, hold: null, outflow: 0n, reason: refusal.reason };
        }
        return {
          kind: "CREDITED",
          entry: { entryId: newId("ent"), currency, postings: [{ accountId: transit, amount: -amount }, { accountId: payee._id, amount }] },
          hold: null,
          outflow: 0n,
        };
      },
    });
    await ledger.betweenSteps();
    if (incoming.event.kind === "TRANSFER_REFUSED") {
      refusedBecause = incoming.event.reason;
      await ledger.chain.append({
        walletId: payerId,
        opKey: holdOpKeys.return(holdId),
        request: { op: "return", hold: holdId },
        paymentId: resolved.paymentId,
        decide: () => ({
          kind: "TRANSFER_RETURNED",
          entry: { entryId: newId("ent"), currency, postings: [{ accountId: transit, amount: -amount }, { accountId: payerId, amount }] },
          hold: null,
          outflow: -amount,
          reason: incoming.event.reason,
        }),
      });
    }
  }
  if (resolved) {
    await ledger.betweenSteps();
    await ledger.models.openHolds.deleteOne({ _id: holdId });
  }
  return refusedBecause === undefined ? {} : { refusedBecause };
}

/**
 * Appends the hold's single resolution. Commit, void and expiry share its key, so when two of
 * them race exactly one is recorded; the loser learns the winner's outcome.
 */
export async function resolveOnce(
  ledger: LedgerContext,
  holdId: string,
  walletId: string,
  request: Record<string, string>,
  decide: WalletAppend["decide"],
) {
  try {
    return await ledger.chain.append({ walletId, opKey: holdOpKeys.resolve(holdId), request, decide });
  } catch (error) {
    if (error instanceof DomainError && error.reason === "IDEMPOTENCY_KEY_REUSED") {
      const winner = await ledger.chain.findByOpKey(holdOpKeys.resolve(holdId));
      const outcome = winner?.kind === "HOLD_COMMITTED" ? "COMMITTED" : winner?.kind === "HOLD_EXPIRED" ? "EXPIRED" : "VOIDED";
      throw new FailedPreconditionError("HOLD_ALREADY_RESOLVED", `this hold was already ${outcome.toLowerCase()}`, { hold_id: holdId, outcome });
    }
    throw error;
  }
}
