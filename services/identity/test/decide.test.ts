import { Caller, type Requirement } from "@wallet/contracts/wallet/gate/v1/requirement";
import { describe, expect, it } from "vitest";
import { decide, type GateFacts } from "../src/domain/gate/decide";
import { serviceOfAction } from "../src/domain/gate/service-of-action";

const user = (overrides: Partial<Requirement> = {}): Requirement => ({
  caller: Caller.CALLER_USER, minIal: 0, minAal: 1, ownerField: "", stepUp: 0, bindFields: [], allowedServices: [], ...overrides,
});

const facts = (overrides: Partial<GateFacts> = {}): GateFacts => ({
  requirement: user(),
  callerService: undefined,
  callerOperator: undefined,
  assertionPresented: false,
  token: { ok: true, claims: { subject: "usr_a", sessionId: "ses_a", aal: 1 } },
  session: { aal: 1, revoked: false, expired: false },
  user: { ial: 1, locked: false },
  resourceOwner: "",
  ...overrides,
});

describe("the gate's rules", () => {
  it("allows a valid user call and reports the levels", () => {
    expect(decide(facts())).toMatchObject({ decision: "ALLOW", subject: "usr_a", ial: 1, aal: 1 });
  });

  it.each([
    ["no requirement", facts({ requirement: undefined }), "NO_REQUIREMENT_DECLARED"],
    ["an expired token", facts({ token: { ok: false, reason: "TOKEN_EXPIRED" } }), "TOKEN_EXPIRED"],
    ["a revoked session", facts({ session: { aal: 1, revoked: true, expired: false } }), "SESSION_REVOKED"],
    ["a session past its lifetime", facts({ session: { aal: 2, revoked: false, expired: true } }), "REAUTHENTICATION_REQUIRED"],
    ["a locked account", facts({ user: { ial: 1, locked: true } }), "ACCOUNT_LOCKED"],
    ["an operator RPC called by a user", facts({ requirement: user({ caller: Caller.CALLER_OPERATOR }) }), "OPERATOR_REQUIRED"],
    ["identity not proofed", facts({ requirement: user({ minIal: 2 }) }), "IAL2_REQUIRED"],
    ["no second factor", facts({ requirement: user({ minAal: 2 }) }), "AAL2_REQUIRED"],
    ["someone else's resource", facts({ requirement: user({ ownerField: "wallet_id" }), resourceOwner: "usr_b" }), "NOT_RESOURCE_OWNER"],
    ["a service-only RPC called by a user", facts({ requirement: user({ caller: Caller.CALLER_SERVICE, allowedServices: ["payment"] }) }), "SERVICE_ASSERTION_MISSING"],
    ["a service not allowed", facts({ requirement: user({ caller: Caller.CALLER_SERVICE, allowedServices: ["payment"] }), callerService: "account" }), "SERVICE_NOT_ALLOWED"],
    ["a user's token forwarded by a service the user RPC does not name", facts({ requirement: user({ allowedServices: ["payment"] }), callerService: "bank-link" }), "SERVICE_NOT_ALLOWED"],
    ["a forged assertion", facts({ assertionPresented: true, callerService: undefined }), "SERVICE_ASSERTION_INVALID"],
  ])("denies %s", (_case, input, reason) => {
    expect(decide(input)).toEqual({ decision: "DENY", reason });
  });

  it("lets an allowed service call on a user's behalf, checking the user too", () => {
    const requirement = user({ caller: Caller.CALLER_SERVICE, allowedServices: ["payment"], ownerField: "wallet_id" });
    expect(decide(facts({ requirement, callerService: "payment", resourceOwner: "usr_a" }))).toMatchObject({ decision: "ALLOW", callerService: "payment" });
    expect(decide(facts({ requirement, callerService: "payment", resourceOwner: "usr_b" }))).toEqual({ decision: "DENY", reason: "NOT_RESOURCE_OWNER" });
  });

  it("lets an operator tool call operator RPCs", () => {
    expect(decide(facts({ requirement: user({ caller: Caller.CALLER_OPERATOR }), callerOperator: "operator", assertionPresented: true }))).toMatchObject({ decision: "ALLOW", callerOperator: "operator" });
  });

  it("finds the service an action belongs to", () => {
    expect(serviceOfAction("/wallet.account.v1.AccountService/Credit")).toBe("account");
    expect(serviceOfAction("/wallet.banklink.v1.BankLinkService/Debit")).toBe("bank-link");
    expect(serviceOfAction("/evil.v1.Service/Method")).toBeUndefined();
  });
});
