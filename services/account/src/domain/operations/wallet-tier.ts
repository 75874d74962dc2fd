import { randomBytes } from "node:crypto";
import { type LedgerContext } from "../ledger/ledger-context";

/**
 * Raises the wallet's limits tier to the owner's current identity assurance level. Called when
 * the owner acts (opening or looking up the wallet), so a newly proofed user gets the higher
 * limits on their next visit; a tier is never lowered here.
 */
export async function raiseTier(ledger: LedgerContext, walletId: string, ownerIal: number): Promise<void> {
  const head = await ledger.chain.head(walletId);
  if (ownerIal <= head.tier) return;
  await ledger.chain.append({
    walletId,
    opKey: `${walletId}:tier:${ownerIal}:${randomBytes(6).toString("hex")}`,
    request: { op: "tier" },
    decide: (current) => ({ kind: "TIER_CHANGED", entry: null, hold: null, outflow: 0n, tier: Math.max(current.tier, ownerIal) }),
  });
}
