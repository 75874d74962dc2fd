import { ChannelCredentials, type ServiceDefinition } from "@grpc/grpc-js";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { BankLinkServiceService } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { IdentityServiceService } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { PaymentServiceService } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { SandboxBankAdminServiceService } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { createClient, type PromiseClient, ServiceIdentity } from "@wallet/service-kit";
import { type JWK } from "jose";

/** Where the platform's processes listen. */
export interface DemoAddresses {
  identity: string;
  sandboxBank: string;
  account: string;
  bankLink: string;
  payment: string;
}

/** The addresses `npm run up` prints. */
export const DEFAULT_ADDRESSES: DemoAddresses = {
  identity: "127.0.0.1:50051",
  sandboxBank: "127.0.0.1:50052",
  account: "127.0.0.1:50053",
  bankLink: "127.0.0.1:50054",
  payment: "127.0.0.1:50055",
};

/** The operator tool's name in the platform's trusted keys (platform-launcher's OPERATOR_NAME). */
const OPERATOR_NAME = "operator";
const DEADLINE_MS = 15_000;

/**
 * The clients the demo plays its actors with: the wallet app's (user token only), the
 * operator's (reads the development outboxes and the security and link events) and the sandbox
 * bank staff's. The demo targets the development profile: plaintext channels.
 */
export class PlatformClients {
  private constructor(
    readonly identity: PromiseClient<typeof IdentityServiceService>,
    readonly bankLink: PromiseClient<typeof BankLinkServiceService>,
    readonly account: PromiseClient<typeof AccountServiceService>,
    readonly payment: PromiseClient<typeof PaymentServiceService>,
    readonly operatorIdentity: PromiseClient<typeof IdentityServiceService>,
    readonly operatorBankLink: PromiseClient<typeof BankLinkServiceService>,
    readonly bankAdmin: PromiseClient<typeof SandboxBankAdminServiceService>,
  ) {}

  static async connect(addresses: DemoAddresses, operatorKey: JWK): Promise<PlatformClients> {
    const operator = await ServiceIdentity.fromJwk(OPERATOR_NAME, operatorKey);
    const client = <Definition extends ServiceDefinition>(definition: Definition, address: string, audience: string, identity?: ServiceIdentity) =>
      createClient(definition, { address, audience, credentials: ChannelCredentials.createInsecure(), defaultDeadlineMs: DEADLINE_MS, identity });
    return new PlatformClients(
      client(IdentityServiceService, addresses.identity, "identity"),
      client(BankLinkServiceService, addresses.bankLink, "bank-link"),
      client(AccountServiceService, addresses.account, "account"),
      client(PaymentServiceService, addresses.payment, "payment"),
      client(IdentityServiceService, addresses.identity, "identity", operator),
      client(BankLinkServiceService, addresses.bankLink, "bank-link", operator),
      client(SandboxBankAdminServiceService, addresses.sandboxBank, "sandbox-bank"),
    );
  }

  close(): void {
    for (const client of [this.identity, this.bankLink, this.account, this.payment, this.operatorIdentity, this.operatorBankLink, this.bankAdmin]) client.close();
  }
}
