import { ChannelCredentials, ServerCredentials, status } from "@grpc/grpc-js";
import { Caller, type Requirement } from "@wallet/contracts/wallet/gate/v1/requirement";
import { type AuthorizeResponse, Decision } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { SandboxBankAdminServiceService } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { afterEach, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair } from "jose";
import { ServiceIdentity } from "../src/auth/service-identity";
import { createClient } from "../src/client/create-client";
import { FailedPreconditionError } from "../src/errors/domain-errors";
import { RemoteError } from "../src/errors/grpc-status";
import { createLogger } from "../src/logging/logger";
import { type Authorizer, type GateQuery, gateInterceptor } from "../src/server/gate-interceptor";
import { hosted, type ServiceRuntime, startServer } from "../src/server/grpc-server";

const OPEN = "/wallet.sandboxbank.v1.SandboxBankAdminService/OpenAccount";
const GET = "/wallet.sandboxbank.v1.SandboxBankAdminService/GetAccount";
const logger = createLogger("test", "silent");

function requirement(overrides: Partial<Requirement> = {}): Requirement {
  return { caller: Caller.CALLER_USER, minIal: 0, minAal: 1, ownerField: "", stepUp: 0, bindFields: [], allowedServices: [], ...overrides };
}

function allow(subject = "usr_1"): AuthorizeResponse {
  return { decision: Decision.DECISION_ALLOW, reason: "", subject, ial: 1, aal: 1, sessionId: "ses_1", callerService: "", challengeId: "", stepUpVerified: false, callerOperator: "", grant: "" };
}

class StubAuthorizer implements Authorizer {
  readonly queries: GateQuery[] = [];
  constructor(private readonly answer: (query: GateQuery) => Promise<AuthorizeResponse>) {}
  authorize(query: GateQuery): Promise<AuthorizeResponse> {
    this.queries.push(query);
    return this.answer(query);
  }
}

let runtime: ServiceRuntime | undefined;
afterEach(async () => {
  await runtime?.shutdown("test over");
  runtime = undefined;
});

async function serve(options: {
  openAccount: (request: unknown, principal: string) => Promise<{ accountId: string }>;
  policy?: Map<string, Requirement | undefined>;
  authorizer?: Authorizer;
  ownerResolvers?: Record<string, (id: string) => Promise<string | undefined>>;
}) {
  runtime = await startServer({
    serviceName: "test",
    host: "127.0.0.1",
    port: 0,
    credentials: ServerCredentials.createInsecure(),
    shutdownGraceMs: 2_000,
    logger,
    interceptors: options.policy
      ? [gateInterceptor({ policy: options.policy, authorizer: options.authorizer!, ...(options.ownerResolvers ? { ownerResolvers: options.ownerResolvers } : {}) })]
      : [],
    services: [hosted("wallet.sandboxbank.v1.SandboxBankAdminService", SandboxBankAdminServiceService, {
      openBank: () => Promise.resolve({}),
      openAccount: (request, call) => options.openAccount(request, call.principal?.subject ?? ""),
      getAccount: () => Promise.resolve({ balance: { currency: "JPY", minorUnits: 1n }, consents: [] }),
      listMovements: () => Promise.resolve({ movements: [] }),
      listOutboxMessages: () => Promise.resolve({ messages: [] }),
    })],
  });
  runtime.markServing();
  return createClient(SandboxBankAdminServiceService, {
    address: runtime.address,
    audience: "test",
    credentials: ChannelCredentials.createInsecure(),
    defaultDeadlineMs: 5_000,
  });
}

const openRequest = { bankCode: "0001", branchCode: "001", accountNumber: "1234567", holderNameKana: "", holderNameLatin: "", openingBalance: undefined, pin: "", registeredPhone: "" };

async function failure(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

describe("server bootstrap and interceptors over a real socket", () => {
  it("maps a typed domain error to its status with the reason, and anything else to INTERNAL without its message", async () => {
    let calls = 0;
    const client = await serve({
      openAccount: () => {
        calls += 1;
        return Promise.reject(calls === 1 ? new FailedPreconditionError("INSUFFICIENT_FUNDS", "not enough") : new Error("secret detail 4111"));
      },
    });
    const expected = await failure(client.openAccount(openRequest));
    expect(expected.code).toBe(status.FAILED_PRECONDITION);
    expect(expected.reason).toBe("INSUFFICIENT_FUNDS");
    const unexpected = await failure(client.openAccount(openRequest));
    expect(unexpected.code).toBe(status.INTERNAL);
    expect(unexpected.message).not.toContain("4111");
  });

  it("drains an in-flight call on shutdown and refuses calls after it", async () => {
    const client = await serve({ openAccount: () => new Promise((resolve) => setTimeout(() => resolve({ accountId: "bac_1" }), 400)) });
    const inFlight = client.openAccount(openRequest);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = runtime!.shutdown("SIGTERM");
    await expect(inFlight).resolves.toEqual({ accountId: "bac_1" });
    await stopping;
    runtime = undefined;
    expect((await failure(client.getAccount({ bankCode: "0001", branchCode: "001", accountNumber: "1234567" }, { deadlineMs: 1_000 }))).code)
      .toBeOneOf([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);
  });

  it("bounds every call by a deadline", async () => {
    const client = await serve({ openAccount: () => new Promise((resolve) => setTimeout(() => resolve({ accountId: "late" }), 2_000)) });
    expect((await failure(client.openAccount(openRequest, { deadlineMs: 150 }))).code).toBe(status.DEADLINE_EXCEEDED);
  });
});

describe("the gate interceptor", () => {
  const handler = (_request: unknown, principal: string) => Promise.resolve({ accountId: `opened-by-${principal}` });

  it("denies an RPC that declares no requirement, without asking identity", async () => {
    const authorizer = new StubAuthorizer(() => Promise.resolve(allow()));
    const client = await serve({ openAccount: handler, policy: new Map([[OPEN, undefined]]), authorizer });
    const denied = await failure(client.openAccount(openRequest, { accessToken: "t" }));
    expect(denied.code).toBe(status.PERMISSION_DENIED);
    expect(denied.reason).toBe("NO_REQUIREMENT_DECLARED");
    expect(authorizer.queries).toHaveLength(0);
  });

  it("passes the principal to the handler on ALLOW and forwards the token, action and bound operation", async () => {
    const authorizer = new StubAuthorizer(() => Promise.resolve(allow("usr_42")));
    const policy = new Map([[OPEN, requirement({ bindFields: ["bank_code", "account_number"] })]]);
    const client = await serve({ openAccount: handler, policy, authorizer });
    await expect(client.openAccount(openRequest, { accessToken: "token-1" })).resolves.toEqual({ accountId: "opened-by-usr_42" });
    expect(authorizer.queries[0]).toMatchObject({ accessToken: "token-1", action: OPEN, operation: { bank_code: "0001", account_number: "1234567" } });
  });

  it("answers UNAUTHENTICATED for credential reasons and PERMISSION_DENIED for the rest", async () => {
    const reasons = ["TOKEN_EXPIRED", "IAL2_REQUIRED"];
    const authorizer = new StubAuthorizer(() => Promise.resolve({ ...allow(), decision: Decision.DECISION_DENY, reason: reasons.shift() ?? "" }));
    const client = await serve({ openAccount: handler, policy: new Map([[OPEN, requirement()]]), authorizer });
    const expired = await failure(client.openAccount(openRequest, { accessToken: "t" }));
    expect([expired.code, expired.reason]).toEqual([status.UNAUTHENTICATED, "TOKEN_EXPIRED"]);
    const level = await failure(client.openAccount(openRequest, { accessToken: "t" }));
    expect([level.code, level.reason]).toEqual([status.PERMISSION_DENIED, "IAL2_REQUIRED"]);
  });

  it("fails closed when identity cannot be reached", async () => {
    const authorizer = new StubAuthorizer(() => Promise.reject(new Error("connect ECONNREFUSED")));
    const client = await serve({ openAccount: handler, policy: new Map([[OPEN, requirement()]]), authorizer });
    const refused = await failure(client.openAccount(openRequest, { accessToken: "t" }));
    expect([refused.code, refused.reason]).toEqual([status.UNAVAILABLE, "GATE_UNAVAILABLE"]);
  });

  it("fails closed when a requirement names an owner field the service cannot resolve", async () => {
    const authorizer = new StubAuthorizer(() => Promise.resolve(allow()));
    const policy = new Map([[GET, requirement({ ownerField: "account_number" })]]);
    const client = await serve({ openAccount: handler, policy, authorizer });
    const refused = await failure(client.getAccount({ bankCode: "0001", branchCode: "001", accountNumber: "1234567" }, { accessToken: "t" }));
    expect([refused.code, refused.reason]).toEqual([status.PERMISSION_DENIED, "OWNER_RESOLVER_MISSING"]);
  });

  it("hands the resolved owner to identity", async () => {
    const authorizer = new StubAuthorizer(() => Promise.resolve(allow()));
    const policy = new Map([[GET, requirement({ ownerField: "account_number" })]]);
    const client = await serve({ openAccount: handler, policy, authorizer, ownerResolvers: { account_number: () => Promise.resolve("usr_owner") } });
    await client.getAccount({ bankCode: "0001", branchCode: "001", accountNumber: "1234567" }, { accessToken: "t" });
    expect(authorizer.queries[0]?.resourceOwner).toBe("usr_owner");
  });

  it("reuses identity's ALLOW for a pure service call with the same assertion, and asks every time for user calls", async () => {
    const authorizer = new StubAuthorizer(() => Promise.resolve(allow("")));
    const policy = new Map([
      [OPEN, requirement({ caller: Caller.CALLER_SERVICE, minAal: 0, allowedServices: ["payment"] })],
      [GET, requirement()],
    ]);
    const client = await serve({ openAccount: handler, policy, authorizer });
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const asPayment = createClient(SandboxBankAdminServiceService, {
      address: runtime!.address, audience: "test", credentials: ChannelCredentials.createInsecure(), defaultDeadlineMs: 5_000,
      identity: await ServiceIdentity.fromJwk("payment", await exportJWK(privateKey)),
    });
    for (let call = 0; call < 3; call++) await asPayment.openAccount(openRequest);
    expect(authorizer.queries.filter((query) => query.action === OPEN)).toHaveLength(1);
    for (let call = 0; call < 3; call++) await client.getAccount({ bankCode: "0001", branchCode: "001", accountNumber: "1234567" }, { accessToken: "t" });
    expect(authorizer.queries.filter((query) => query.action === GET)).toHaveLength(3);
    asPayment.close();
  });

  it("asks identity once for concurrent pure service calls that find no decision yet", async () => {
    const authorizer = new StubAuthorizer(() => new Promise((resolve) => setTimeout(() => resolve(allow("")), 100)));
    const policy = new Map([[OPEN, requirement({ caller: Caller.CALLER_SERVICE, minAal: 0, allowedServices: ["payment"] })]]);
    await serve({ openAccount: handler, policy, authorizer });
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const asPayment = createClient(SandboxBankAdminServiceService, {
      address: runtime!.address, audience: "test", credentials: ChannelCredentials.createInsecure(), defaultDeadlineMs: 5_000,
      identity: await ServiceIdentity.fromJwk("payment", await exportJWK(privateKey)),
    });
    await Promise.all(Array.from({ length: 8 }, () => asPayment.openAccount(openRequest)));
    expect(authorizer.queries).toHaveLength(1);
    asPayment.close();
  });
});
