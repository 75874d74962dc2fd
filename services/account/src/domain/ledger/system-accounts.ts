import { type LedgerAccountKind } from "../../store/ledger-account.model";

/**
 * Ids of the system accounts. Deterministic, so every replica and the audit name them alike:
 * - bank clearing, per bank: the platform's money at that bank (top-ups in, withdrawals out);
 * - merchant, per merchant: what the platform owes a merchant;
 * - fees: the platform's revenue;
 * - suspense: money whose destination is being investigated;
 * - transit: money between two wallets while a transfer is being applied (nets to zero).
 */
export const systemAccounts = {
  bankClearing: (bankCode: string, currency: string) => `sys_bank_clearing_${bankCode}_${currency}`,
  merchant: (merchantId: string, currency: string) => `sys_merchant_${merchantId}_${currency}`,
  fees: (currency: string) => `sys_fees_${currency}`,
  suspense: (currency: string) => `sys_suspense_${currency}`,
  transit: (currency: string) => `sys_transit_${currency}`,
};

export function systemAccountKind(accountId: string): LedgerAccountKind | undefined {
  if (accountId.startsWith("sys_bank_clearing_")) return "BANK_CLEARING";
  if (accountId.startsWith("sys_merchant_")) return "MERCHANT";
  if (accountId.startsWith("sys_fees_")) return "FEES";
  if (accountId.startsWith("sys_suspense_")) return "SUSPENSE";
  if (accountId.startsWith("sys_transit_")) return "TRANSIT";
  return undefined;
}
