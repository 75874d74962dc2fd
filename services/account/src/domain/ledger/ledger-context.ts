import { type AccountModels } from "../../store/models";
import { type SystemAccountRegistry } from "./system-account-registry";
import { type WalletChain } from "./wallet-chain";
import { type WalletDirectory } from "./wallet-directory";

/** What every ledger operation works with. */
export interface LedgerContext {
  models: AccountModels;
  wallets: WalletDirectory;
  chain: WalletChain;
  systemAccounts: SystemAccountRegistry;
  clock(): Date;
  /** The business day an instant belongs to (daily limits reset at its midnight). */
  businessDay(at: Date): string;
  /**
   * Called between the steps of a multi-step operation. A no-op, except in crash tests, where
   * LEDGER_STEP_DELAY_MS (dev profile only) widens the gaps so a SIGKILL lands inside them.
   */
  betweenSteps(): Promise<void>;
}
