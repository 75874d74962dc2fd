import { type LedgerContext } from "../ledger/ledger-context";
import { type AppendResult } from "../ledger/wallet-chain";

/** Freezes (or unfreezes) a wallet: an event on its chain, so every later decision sees it. */
export function setFrozen(ledger: LedgerContext, input: { walletId: string; frozen: boolean; reason: string; idempotencyKey: string }): Promise<AppendResult> {
  const op = input.frozen ? "freeze" : "unfreeze";
  return ledger.chain.append({
    walletId: input.walletId,
    opKey: `${input.walletId}:${op}:${input.idempotencyKey}`,
    request: { op, reason: input.reason },
    idempotencyKey: input.idempotencyKey,
    decide: () => ({ kind: input.frozen ? "FROZEN" : "UNFROZEN", entry: null, hold: null, outflow: 0n, reason: input.reason }),
  });
}
