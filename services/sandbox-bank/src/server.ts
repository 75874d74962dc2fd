import {
  SandboxBankAdminServiceService,
  SandboxBankCustomerServiceService,
  SandboxBankServiceService,
} from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { type OutboxSender } from "@wallet/outbox";
import { hosted, type HostedService, type Interceptor, type TrustedServices } from "@wallet/service-kit";
import { bankDoors, reportCodeHolders, staffOnly, walletOperatorOnly } from "./domain/caller-checks";
import { type BankContext } from "./domain/context";
import { getAccountHandler } from "./handlers/admin-get-account";
import { openAccountHandler } from "./handlers/admin-open-account";
import { openBankHandler } from "./handlers/admin-open-bank";
import { listMovementsHandler } from "./handlers/admin-list-movements";
import { listOutboxMessagesHandler } from "./handlers/admin-outbox";
import { listConsentRevocationsHandler } from "./handlers/consent-revocations-list";
import { revokeConsentHandler } from "./handlers/consent-revoke";
import { completeCustomerAuthenticationHandler } from "./handlers/customer-authentication-complete";
import { startCustomerAuthenticationHandler } from "./handlers/customer-authentication-start";
import { reportUnrecognizedLinkHandler } from "./handlers/customer-report";
import { verifyHolderHandler } from "./handlers/holder-verify";
import { cancelMovementHandler } from "./handlers/money-cancel";
import { creditHandler, debitHandler } from "./handlers/money-movement";

export interface SandboxBankDeps {
  context: BankContext;
  /** Present when the development sender is in use: the outbox staff tools and tests read. */
  outbox: OutboxSender | undefined;
  trustedServices: TrustedServices;
  adminToken: string;
}

export const SANDBOX_BANK_SERVICE_NAME = "wallet.sandboxbank.v1.SandboxBankService";
export const SANDBOX_BANK_CUSTOMER_SERVICE_NAME = "wallet.sandboxbank.v1.SandboxBankCustomerService";
export const SANDBOX_BANK_ADMIN_SERVICE_NAME = "wallet.sandboxbank.v1.SandboxBankAdminService";

/** Three APIs, three doors: the wallet operator's, the bank's customers' and the bank's staff's. */
export function createSandboxBankServer(deps: SandboxBankDeps): { services: HostedService[]; interceptors: Interceptor[] } {
  return {
    services: [
      hosted(SANDBOX_BANK_SERVICE_NAME, SandboxBankServiceService, {
        verifyHolder: verifyHolderHandler(deps),
        startCustomerAuthentication: startCustomerAuthenticationHandler(deps),
        completeCustomerAuthentication: completeCustomerAuthenticationHandler(deps),
        revokeConsent: revokeConsentHandler(deps),
        listConsentRevocations: listConsentRevocationsHandler(deps),
        debit: debitHandler(deps),
        credit: creditHandler(deps),
        cancelMovement: cancelMovementHandler(deps),
      }),
      hosted(SANDBOX_BANK_CUSTOMER_SERVICE_NAME, SandboxBankCustomerServiceService, {
        reportUnrecognizedLink: reportUnrecognizedLinkHandler(deps),
      }),
      hosted(SANDBOX_BANK_ADMIN_SERVICE_NAME, SandboxBankAdminServiceService, {
        openBank: openBankHandler(deps),
        openAccount: openAccountHandler(deps),
        getAccount: getAccountHandler(deps),
        listMovements: listMovementsHandler(deps),
        listOutboxMessages: listOutboxMessagesHandler(deps),
      }),
    ],
    interceptors: [
      bankDoors({
        [SANDBOX_BANK_SERVICE_NAME]: walletOperatorOnly(deps.trustedServices),
        [SANDBOX_BANK_CUSTOMER_SERVICE_NAME]: reportCodeHolders,
        [SANDBOX_BANK_ADMIN_SERVICE_NAME]: staffOnly(deps.adminToken),
      }),
    ],
  };
}
