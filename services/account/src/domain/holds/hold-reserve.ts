import { FailedPreconditionError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type LedgerContext } from "../ledger/ledger-context";
import { assertCanSend, assertCurrency } from "../operations/wallet-checks";
import { holdIdFor, holdOpKeys } from "./hold-ids";
import { type HoldView, holdView, viewOf } from "./hold-view";

export interface ReserveInput {
  walletId: string;
  amount: bigint;
  currency: string;
  idempotencyKey: string;
  paymentId: string;
  expiresInMs: number;
}

/**
 * Reserves money (Mojaloop's RESERVED, TigerBeetle's pending transfer): the available balance
 * drops, the ledger balance does not. Step 1 writes the open-hold marker (so recovery knows);
 * step 2 appends HELD to the wallet's chain, unless recovery already gave up on this hold
 * (its resolution exists: a tombstone), in which case the hold is refused.
 *
 * Step 1 runs when the wallet's turn comes, not when the call arrives: on a busy wallet a
 * reservation may queue behind others for longer than recovery's grace period, and a marker
 * written before the wait would be abandoned while its reservation was still on its way. For
 * the same reason each retry re-dates the marker: payment retries a reservation whose answer it
 * did not get, with growing delays, and one refused for the money a moment ago may fit now.
 */
export async function reserveHold(ledger: LedgerContext, input: ReserveInput): Promise<HoldView> {
  const holdId = holdIdFor(input.walletId, input.idempotencyKey);
  const wallet = await ledger.wallets.get(input.walletId);
  assertCurrency(wallet, input.currency);
  const expiresAt = new Date(ledger.clock().getTime() + input.expiresInMs);
  const { event, replayed } = await ledger.chain.append({
    walletId: wallet._id,
    opKey: holdOpKeys.reserve(holdId),
    request: { op: "reserve", amount: input.amount.toString(), currency: input.currency },
    paymentId: input.paymentId,
    idempotencyKey: input.idempotencyKey,
    prepare: async () => {
      const now = ledger.clock();
      if (!(await insertIfAbsent(ledger.models.openHolds, { _id: holdId, walletId: wallet._id, amount: input.amount, currency: input.currency, expiresAt, createdAt: now }))) {
        // A retry of this reservation (an earlier attempt was refused, or its answer was lost):
        // the caller still wants it, so recovery's grace counts from now, not from the first try.
        await ledger.models.openHolds.updateOne({ _id: holdId }, { $set: { createdAt: now } });
      }
      await ledger.betweenSteps();
    },
    decide: async (head) => {
      if (await ledger.chain.findByOpKey(holdOpKeys.resolve(holdId))) {
        throw new FailedPreconditionError("HOLD_ALREADY_RESOLVED", "this hold was already released", { hold_id: holdId });
      }
      assertCanSend(head, wallet, input.amount, ledger.businessDay(ledger.clock()));
      return { kind: "HELD", entry: null, hold: { holdId, amount: input.amount, expiresAt }, outflow: input.amount };
    },
  });
  // A fresh reservation is exactly what was just written; a replay reports the hold as it is now.
  return replayed ? holdView(ledger, holdId) : viewOf(event, undefined, false);
}
