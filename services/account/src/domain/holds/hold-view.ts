import { NotFoundError } from "@wallet/service-kit";
import { type WalletEventDocument } from "../../store/wallet-event.model";
import { type LedgerContext } from "../ledger/ledger-context";
import { holdOpKeys, walletIdOfHold } from "./hold-ids";

export type HoldState = "RESERVED" | "COMMITTED" | "ABORTED";

export interface HoldView {
  holdId: string;
  walletId: string;
  amount: bigint;
  currency: string;
  state: HoldState;
  /** For ABORTED: VOIDED, EXPIRED or RETURNED. */
  outcome: string;
  expiresAt: Date;
  paymentId: string;
}

/** A hold as its wallet's chain tells it: reserved, then committed or aborted, once. */
export async function holdView(ledger: LedgerContext, holdId: string): Promise<HoldView> {
  const reserved = await reservationOf(ledger, holdId);
  const resolved = await ledger.chain.findByOpKey(holdOpKeys.resolve(holdId));
  const returned = resolved?.kind === "HOLD_COMMITTED" ? await ledger.chain.findByOpKey(holdOpKeys.return(holdId)) : undefined;
  return viewOf(reserved, resolved, returned !== undefined);
}

/** The hold's reservation event (its amount, currency, expiry and payment). */
export async function reservationOf(ledger: LedgerContext, holdId: string): Promise<WalletEventDocument> {
  const walletId = walletIdOfHold(holdId);
  const reserved = walletId ? await ledger.chain.findByOpKey(holdOpKeys.reserve(holdId)) : undefined;
  if (!walletId || !reserved) throw new NotFoundError("hold");
  return reserved;
}

/** The hold from the events that tell it, for callers that already hold them. */
export function viewOf(reserved: WalletEventDocument, resolved: WalletEventDocument | undefined, returned: boolean): HoldView {
  const holdId = reserved.holdId;
  const hold = reserved.openHolds.find((open) => open.holdId === holdId);
  const view: HoldView = {
    holdId,
    walletId: reserved.walletId,
    amount: BigInt(reserved.request["amount"] ?? "0"),
    currency: reserved.request["currency"] ?? "",
    state: "RESERVED",
    outcome: "",
    expiresAt: hold ? new Date(hold.expiresAt) : reserved.at,
    paymentId: reserved.paymentId,
  };
  if (!resolved) return view;
  if (resolved.kind === "HOLD_COMMITTED") return returned ? { ...view, state: "ABORTED", outcome: "RETURNED" } : { ...view, state: "COMMITTED" };
  return { ...view, state: "ABORTED", outcome: resolved.kind === "HOLD_EXPIRED" ? "EXPIRED" : "VOIDED" };
}
