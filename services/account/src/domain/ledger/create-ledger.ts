import { type Connection } from "mongoose";
import { accountModels } from "../../store/models";
import { businessDayFormatter } from "./business-day";
import { type LedgerContext } from "./ledger-context";
import { SystemAccountRegistry } from "./system-account-registry";
import { WalletChain } from "./wallet-chain";
import { WalletDirectory } from "./wallet-directory";

/** The ledger over a connection: used by the server, the audit command and tests alike. */
export function createLedger(connection: Connection, options: { timeZone: string; clock?: () => Date; stepDelayMs?: number }): LedgerContext {
  const models = accountModels(connection);
  const clock = options.clock ?? (() => new Date());
  const businessDay = businessDayFormatter(options.timeZone);
  const wallets = new WalletDirectory(models);
  return {
    models,
    wallets,
    chain: new WalletChain(models, wallets, businessDay, clock),
    systemAccounts: new SystemAccountRegistry(models),
    clock,
    businessDay,
    betweenSteps: options.stepDelayMs ? () => new Promise((resolve) => setTimeout(resolve, options.stepDelayMs)) : () => Promise.resolve(),
  };
}
