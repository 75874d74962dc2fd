import { DomainError } from "@wallet/service-kit";
import { type OpenHoldDocument } from "../../store/open-hold.model";
import { finishHold, resolveOnce } from "../holds/hold-resolve";
import { type LedgerContext } from "../ledger/ledger-context";

/** The abandonment stands down: the reservation came, or a retry of it is on its way. */
class ReservationStillWanted extends Error {}

/**
 * Gives up on a reservation whose marker outlived the grace period without its HELD: records a
 * release of the hold that never opened (a tombstone), so a late reservation is refused.
 *
 * Recovery looked at the chain a moment before, and another replica may have moved since: a
 * retry of the reservation re-dates the marker, then appends HELD. So the tombstone is decided
 * on the wallet's chain like every change, and stands down if the hold is open on the head it
 * decides on (the reservation landed: releasing it would undo money the caller was told is
 * held) or if the marker is no longer the one recovery read (a retry re-dated it: the caller
 * still wants the hold, and its grace starts again). A retry that re-dates the marker after
 * this check finds the tombstone and is refused whole, as before.
 *
 * Tells whether the reservation was abandoned.
 */
export async function abandonReservation(ledger: LedgerContext, marker: OpenHoldDocument): Promise<boolean> {
  try {
    await resolveOnce(ledger, marker._id, marker.walletId, { op: "expire" }, async (head) => {
      if (head.openHolds.some((hold) => hold.holdId === marker._id)) throw new ReservationStillWanted();
      const current = await ledger.models.openHolds.findById(marker._id).lean<OpenHoldDocument>();
      if (current && current.createdAt.getTime() !== marker.createdAt.getTime()) throw new ReservationStillWanted();
      return { kind: "HOLD_EXPIRED", entry: null, hold: { holdId: marker._id, amount: 0n, expiresAt: ledger.clock() }, outflow: 0n, reason: "RESERVATION_ABANDONED" };
    });
  } catch (error) {
    if (error instanceof ReservationStillWanted) return false;
    if (!(error instanceof DomainError) || error.reason !== "HOLD_ALREADY_RESOLVED") throw error;
    // Resolved meanwhile (reserved and then committed or voided): finish it as any resolved hold.
    await finishHold(ledger, marker._id);
    return false;
  }
  await finishHold(ledger, marker._id);
  return true;
}
