import { startPeriodicWork } from "@wallet/service-kit";
import { type LedgerContext } from "../ledger/ledger-context";
import { holdOpKeys } from "../holds/hold-ids";
import { finishHold, releaseHold } from "../holds/hold-resolve";
import { abandonReservation } from "./abandon-reservation";

export interface RecoveryOptions {
  /** How long a marker may wait for its hold before recovery gives up on the reservation. */
  orphanGraceMs: number;
  batchSize: number;
}

export interface RecoveryRound {
  finished: number;
  expired: number;
  abandoned: number;
}

/**
 * One recovery round over the open-hold markers that are due: expired, or older than the grace
 * period. For each, by what the wallet's chain says:
 * - resolved (committed, voided, expired): finish what follows (a transfer's credit or return)
 *   and delete the marker;
 * - reserved and expired: release the money (HOLD_EXPIRED);
 * - never reserved: release it as a tombstone, so a late reservation is refused, unless the
 *   reservation landed or was retried since (see abandonReservation).
 */
export async function recoverHolds(ledger: LedgerContext, options: RecoveryOptions): Promise<RecoveryRound> {
  const now = ledger.clock();
  const due = await ledger.models.openHolds
    .find({ $or: [{ expiresAt: { $lte: now } }, { createdAt: { $lte: new Date(now.getTime() - options.orphanGraceMs) } }] })
    .sort({ createdAt: 1 })
    .limit(options.batchSize)
    .lean();
  const round: RecoveryRound = { finished: 0, expired: 0, abandoned: 0 };
  for (const marker of due) {
    if (await ledger.chain.findByOpKey(holdOpKeys.resolve(marker._id))) {
      await finishHold(ledger, marker._id);
      round.finished += 1;
    } else if (await ledger.chain.findByOpKey(holdOpKeys.reserve(marker._id))) {
      if (marker.expiresAt <= now) {
        await releaseHold(ledger, marker._id, "HOLD_EXPIRED", "EXPIRED");
        round.expired += 1;
      }
    } else {
      // Looked, now acts: a crash test widens this gap, as it does between any two steps.
      await ledger.betweenSteps();
      if (await abandonReservation(ledger, marker)) round.abandoned += 1;
    }
  }
  return round;
}

/** Recovers until nothing is due (at start-up, before serving). */
export async function recoverAll(ledger: LedgerContext, options: RecoveryOptions): Promise<RecoveryRound> {
  const total: RecoveryRound = { finished: 0, expired: 0, abandoned: 0 };
  for (;;) {
    const round = await recoverHolds(ledger, options);
    total.finished += round.finished;
    total.expired += round.expired;
    total.abandoned += round.abandoned;
    if (round.finished + round.expired + round.abandoned === 0) return total;
  }
}

/** Runs a recovery round periodically until stopped; reports rounds that found work. */
export function startRecoveryWorker(
  ledger: LedgerContext,
  options: RecoveryOptions & { intervalMs: number },
  onRound: (round: RecoveryRound) => void,
  onError: (error: unknown) => void,
): () => Promise<void> {
  return startPeriodicWork(options.intervalMs, async () => {
    const round = await recoverHolds(ledger, options);
    if (round.finished + round.expired + round.abandoned > 0) onRound(round);
  }, onError);
}
