import { describe, expect, it } from "vitest";
import { readGatePolicy } from "../src/gate-policy";
import * as account from "../src/gen/wallet/account/v1/account_service";
import * as bankLink from "../src/gen/wallet/banklink/v1/bank_link_service";
import { Caller } from "../src/gen/wallet/gate/v1/requirement";
import * as identity from "../src/gen/wallet/identity/v1/identity_service";
import * as payment from "../src/gen/wallet/payment/v1/payment_service";

const gatedServices = [
  { name: "AccountService", metadata: account.protoMetadata, definition: account.AccountServiceService },
  { name: "BankLinkService", metadata: bankLink.protoMetadata, definition: bankLink.BankLinkServiceService },
  { name: "PaymentService", metadata: payment.protoMetadata, definition: payment.PaymentServiceService },
  { name: "IdentityService", metadata: identity.protoMetadata, definition: identity.IdentityServiceService },
];

describe("the gate policy carried by the contracts", () => {
  it("reads each RPC's declared requirement from the generated descriptors", () => {
    const policy = readGatePolicy(account.protoMetadata, "AccountService", account.AccountServiceService);
    const credit = policy.get("/wallet.account.v1.AccountService/Credit");
    expect(credit?.caller).toBe(Caller.CALLER_SERVICE);
    // A credit lands in any user's wallet (a P2P payee's too), so it names no owner field.
    expect(credit?.ownerField).toBe("");
    expect(credit?.allowedServices).toEqual(["payment"]);
    const balance = policy.get("/wallet.account.v1.AccountService/GetBalance");
    expect(balance?.caller).toBe(Caller.CALLER_USER);
    expect(balance?.ownerField).toBe("wallet_id");
  });

  it.each(gatedServices)("declares a requirement for every RPC of $name (a new RPC without one fails here)", ({ name, metadata, definition }) => {
    const policy = readGatePolicy(metadata, name, definition);
    expect(policy.size).toBe(Object.keys(definition).length);
    const undeclared = [...policy].filter(([, requirement]) => !requirement || requirement.caller === Caller.CALLER_UNSPECIFIED).map(([path]) => path);
    expect(undeclared).toEqual([]);
  });

  it("maps an RPC without the option to undefined, which the gate denies", () => {
    const stripped = { options: { services: { AccountService: { methods: {} } } } };
    const policy = readGatePolicy(stripped, "AccountService", account.AccountServiceService);
    expect([...policy.values()].every((requirement) => requirement === undefined)).toBe(true);
  });
});
