import { type ServiceDefinition } from "@grpc/grpc-js";
import { readGatePolicy } from "@wallet/contracts";
import * as account from "@wallet/contracts/wallet/account/v1/account_service";
import * as bankLink from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { type Requirement } from "@wallet/contracts/wallet/gate/v1/requirement";
import * as payment from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type ServiceName } from "@wallet/platform-launcher";

export interface GatedRpc {
  service: ServiceName;
  definition: ServiceDefinition;
  /** Key of the method in the generated definition (lowerCamel). */
  method: string;
  path: string;
  requirement: Requirement | undefined;
}

/** Every RPC of account, bank-link and payment, with the requirement its contract declares. */
export function gatedRpcs(): GatedRpc[] {
  const services = [
    { service: "account" as const, name: "AccountService", metadata: account.protoMetadata, definition: account.AccountServiceService },
    { service: "bank-link" as const, name: "BankLinkService", metadata: bankLink.protoMetadata, definition: bankLink.BankLinkServiceService },
    { service: "payment" as const, name: "PaymentService", metadata: payment.protoMetadata, definition: payment.PaymentServiceService },
  ];
  return services.flatMap(({ service, name, metadata, definition }) => {
    const policy = readGatePolicy(metadata, name, definition);
    return Object.entries(definition as ServiceDefinition).map(([method, rpc]) => ({ service, definition, method, path: rpc.path, requirement: policy.get(rpc.path) }));
  });
}
