import { type ChannelCredentials } from "@grpc/grpc-js";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { BankLinkServiceService } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { IdentityServiceService } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { createClient, type PromiseClient, type ServiceIdentity } from "@wallet/service-kit";

/**
 * Call options for a call payment makes as itself, without the user's token: a saga step (a
 * resumed saga may have no token, and needs none) or a lookup no user grants.
 */
export const AS_SERVICE = { accessToken: "" } as const;

/** The services payment calls, each with its own deadline and payment's service identity. */
export interface Downstream {
  account: PromiseClient<typeof AccountServiceService>;
  bankLink: PromiseClient<typeof BankLinkServiceService>;
  identity: PromiseClient<typeof IdentityServiceService>;
  close(): void;
}

export function createDownstream(options: {
  identityAddress: string;
  accountAddress: string;
  bankLinkAddress: string;
  credentials: ChannelCredentials;
  deadlineMs: number;
  identity: ServiceIdentity;
}): Downstream {
  const common = { credentials: options.credentials, defaultDeadlineMs: options.deadlineMs, identity: options.identity };
  const clients = {
    account: createClient(AccountServiceService, { ...common, address: options.accountAddress, audience: "account" }),
    bankLink: createClient(BankLinkServiceService, { ...common, address: options.bankLinkAddress, audience: "bank-link" }),
    identity: createClient(IdentityServiceService, { ...common, address: options.identityAddress, audience: "identity" }),
  };
  return {
    ...clients,
    close() {
      for (const client of Object.values(clients)) client.close();
    },
  };
}
