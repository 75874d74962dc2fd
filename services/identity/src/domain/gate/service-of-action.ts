/**
 * Which platform service serves an action ("/wallet.account.v1.AccountService/Credit" is served
 * by "account"): a service assertion is only valid for calls to the service it names as audience.
 */
const SERVICE_BY_PACKAGE: Readonly<Record<string, string>> = {
  "wallet.identity.v1": "identity",
  "wallet.account.v1": "account",
  "wallet.banklink.v1": "bank-link",
  "wallet.payment.v1": "payment",
};

export function serviceOfAction(action: string): string | undefined {
  const match = /^\/([a-z0-9_.]+)\.[A-Za-z0-9]+\/[A-Za-z0-9]+$/.exec(action);
  return match?.[1] ? SERVICE_BY_PACKAGE[match[1]] : undefined;
}
