import { readGatePolicy } from "@wallet/contracts";
import { AccountServiceService, protoMetadata } from "@wallet/contracts/wallet/account/v1/account_service";
import { type Authorizer, gateInterceptor, hosted, type HostedService, type Interceptor } from "@wallet/service-kit";
import { type LedgerContext } from "./domain/ledger/ledger-context";
import { commitHoldHandler, getHoldHandler, reserveHandler, voidHoldHandler } from "./handlers/holds";
import { freezeWalletHandler, listSystemBalancesHandler, runAuditHandler, unfreezeWalletHandler } from "./handlers/operators";
import { checkCreditHandler, creditHandler, debitHandler } from "./handlers/wallet-money";
import { getWalletHandler, openWalletHandler } from "./handlers/wallet-open";
import { findWalletHandler, getBalanceHandler, listStatementHandler } from "./handlers/wallet-read";

export interface AccountDeps {
  ledger: LedgerContext;
  authorizer: Authorizer;
}

export const ACCOUNT_SERVICE_NAME = "wallet.account.v1.AccountService";

/** The account service's handlers behind the gate; a wallet is read only by its owner. */
export function createAccountServer(deps: AccountDeps): { services: HostedService[]; interceptors: Interceptor[] } {
  const policy = readGatePolicy(protoMetadata, "AccountService", AccountServiceService);
  return {
    services: [
      hosted(ACCOUNT_SERVICE_NAME, AccountServiceService, {
        openWallet: openWalletHandler(deps),
        getWallet: getWalletHandler(deps),
        getBalance: getBalanceHandler(deps),
        listStatement: listStatementHandler(deps),
        findWallet: findWalletHandler(deps),
        checkCredit: checkCreditHandler(deps),
        credit: creditHandler(deps),
        debit: debitHandler(deps),
        reserve: reserveHandler(deps),
        commitHold: commitHoldHandler(deps),
        voidHold: voidHoldHandler(deps),
        getHold: getHoldHandler(deps),
        freezeWallet: freezeWalletHandler(deps),
        unfreezeWallet: unfreezeWalletHandler(deps),
        runAudit: runAuditHandler(deps),
        listSystemBalances: listSystemBalancesHandler(deps),
      }),
    ],
    interceptors: [
      gateInterceptor({
        policy,
        authorizer: deps.authorizer,
        ownerResolvers: { wallet_id: async (walletId) => (await deps.ledger.wallets.find(walletId))?.ownerId },
      }),
    ],
  };
}
