import { status } from "@grpc/grpc-js";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { Caller, IdentityAssurance, StepUpPolicy } from "@wallet/contracts/wallet/gate/v1/requirement";
import {
  ContactChannel,
  Decision,
  DocumentType,
  IdentityServiceService,
  ProofingStatus,
  SecondFactor,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { PaymentServiceService, PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { FieldCipher } from "@wallet/pii-crypto";
import { createClient, type PromiseClient, RemoteError } from "@wallet/service-kit";
import { Banks, evidenceFor, newPerson, type Person, type PersonName, type SignedIn, TestPlatform, Users } from "@wallet/testing";
import { ChannelCredentials } from "@grpc/grpc-js";
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from "jose";
import { MongoClient } from "mongodb";
import { URI } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/failure";
import { gatedRpcs } from "./support/gated-rpcs";
import { findPersonalData } from "./support/pii-scan";

// Unusual names, so the personal-data scan at the end cannot be fooled by a coincidence.
const KAMOSHIDA: PersonName = { familyKanji: "鴨志田", givenKanji: "凛々花", familyKana: "カモシダ", givenKana: "リリカ", familyLatin: "KAMOSHIDA", givenLatin: "RIRIKA" };
const TSUBURAYA: PersonName = { familyKanji: "円谷", givenKanji: "綺羅星", familyKana: "ツブラヤ", givenKana: "キラボシ", familyLatin: "TSUBURAYA", givenLatin: "KIRABOSHI" };

/**
 * The first refusal among calls made at once. A throttle's growing delays (1 s, 2 s, ...) let at
 * most one of them through however slow the machine, so at least one must be refused.
 */
async function firstRefusal(calls: Promise<unknown>[]): Promise<RemoteError> {
  const outcomes = await Promise.allSettled(calls);
  const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : []));
  expect(refused.length, "calls made at once past the free allowance: at least one refused").toBeGreaterThan(0);
  expect(refused[0]).toBeInstanceOf(RemoteError);
  return refused[0] as RemoteError;
}

describe("identity and the gate", () => {
  let platform: TestPlatform;
  let users: Users;
  const people: Person[] = [];
  const documentNumbers: string[] = [];
  const person = (label: string, name: PersonName = KAMOSHIDA) => {
    const someone = newPerson(label, name);
    people.push(someone);
    return someone;
  };
  const evidence = (name: PersonName, overrides: Parameters<typeof evidenceFor>[1] = {}) => {
    const submitted = evidenceFor(name, overrides);
    documentNumbers.push(submitted.document!.number);
    return submitted;
  };

  beforeAll(async () => {
    platform = await TestPlatform.start();
    users = await Users.on(platform);
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it("lets a user signed up with an email alone log in, and refuses every money-moving RPC naming the missing level", async () => {
    const attacker = person("emailonly");
    await users.signUp(attacker, { confirmPhone: false });
    const session = await users.login(attacker);
    const profile = await users.identity.getProfile({}, { accessToken: session.accessToken });
    expect([profile.ial, profile.aal]).toEqual([IdentityAssurance.IDENTITY_ASSURANCE_UNSPECIFIED, 1]);

    const rpcs = gatedRpcs();
    const moneyMoving = rpcs.filter((rpc) => rpc.requirement?.caller === Caller.CALLER_USER && Number(rpc.requirement.minIal) >= 2);
    expect(moneyMoving.map((rpc) => rpc.path)).toContain("/wallet.payment.v1.PaymentService/TopUp");
    for (const rpc of moneyMoving) {
      const client = platform.client(rpc.definition, rpc.service) as unknown as Record<string, (request: unknown, options: object) => Promise<unknown>>;
      const empty = rpc.definition[rpc.method]!.requestDeserialize(Buffer.alloc(0)) as Record<string, unknown>;
      // An RPC on a resource names one (a link nobody owns): the missing level is still what is refused.
      if (rpc.requirement?.ownerField) empty[rpc.requirement.ownerField.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase())] = "lnk_nobodys";
      const refused = await failure(client[rpc.method]!(empty, { accessToken: session.accessToken }));
      expect([rpc.path, refused.code, refused.reason]).toEqual([rpc.path, status.PERMISSION_DENIED, "IAL2_REQUIRED"]);
    }
    // The service-only money RPCs (ledger credits, bank debits) are closed to users outright.
    for (const rpc of rpcs.filter((candidate) => candidate.requirement?.caller === Caller.CALLER_SERVICE)) {
      const client = platform.client(rpc.definition, rpc.service) as unknown as Record<string, (request: unknown, options: object) => Promise<unknown>>;
      const refused = await failure(client[rpc.method]!(rpc.definition[rpc.method]!.requestDeserialize(Buffer.alloc(0)), { accessToken: session.accessToken }));
      expect([rpc.path, refused.code, refused.reason]).toEqual([rpc.path, status.PERMISSION_DENIED, "SERVICE_ASSERTION_MISSING"]);
    }
  });

  it("takes an honest user to IAL2 and AAL2 with an authenticator app, and then lets money move", async () => {
    const honest = person("honest");
    await users.signUp(honest);
    const aal2 = await users.secondFactor(honest, await users.login(honest));
    const { otpauthUri } = await users.identity.startTotpEnrollment({}, { accessToken: aal2.accessToken });
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Wallet:/);
    const totp = URI.parse(otpauthUri);
    const { recoveryCodes } = await users.identity.confirmTotpEnrollment({ code: totp.generate() }, { accessToken: aal2.accessToken });
    expect(new Set(recoveryCodes).size).toBe(10);

    const proofing = await users.proof(aal2, evidence(KAMOSHIDA));
    expect(proofing.status).toBe(ProofingStatus.PROOFING_STATUS_APPROVED);

    // A new day: password, then the authenticator app's next code.
    await users.identity.logout({}, { accessToken: aal2.accessToken });
    const aal1 = await users.login(honest);
    const { tokens } = await users.identity.verifySecondFactor(
      { factor: SecondFactor.SECOND_FACTOR_TOTP, code: totp.generate({ timestamp: Date.now() + 30_000 }), challengeId: "" },
      { accessToken: aal1.accessToken },
    );
    const profile = await users.identity.getProfile({}, { accessToken: tokens!.accessToken });
    expect([profile.ial, profile.aal, profile.totpEnrolled]).toEqual([IdentityAssurance.IDENTITY_ASSURANCE_IAL2, 2, true]);

    const banks = Banks.on(platform);
    const bankAccount = await banks.openAccount(KAMOSHIDA, honest.phone, { balance: 50_000n });
    await platform.client(AccountServiceService, "account").openWallet({ currency: "JPY" }, { accessToken: tokens!.accessToken });
    const { link } = await banks.link({ ...aal2, tokens: tokens!, accessToken: tokens!.accessToken }, bankAccount);
    const { payment } = await platform.client(PaymentServiceService, "payment").topUp(
      { linkId: link.linkId, amount: { currency: "JPY", minorUnits: 1_000n }, idempotencyKey: "honest-first-topup" },
      { accessToken: tokens!.accessToken },
    );
    expect(payment?.state).toBe(PaymentState.PAYMENT_STATE_COMPLETED);

    // A recovery code works once.
    const again = await users.login(honest);
    await users.identity.verifySecondFactor({ factor: SecondFactor.SECOND_FACTOR_RECOVERY_CODE, code: recoveryCodes[0]!, challengeId: "" }, { accessToken: again.accessToken });
    const replay = await failure(users.identity.verifySecondFactor({ factor: SecondFactor.SECOND_FACTOR_RECOVERY_CODE, code: recoveryCodes[0]!, challengeId: "" }, { accessToken: again.accessToken }));
    expect(replay.reason).toBe("CODE_ALREADY_USED");
  });

  describe("step-up bound to the operation", () => {
    const action = "/wallet.payment.v1.PaymentService/Transfer";
    const requirement = {
      caller: Caller.CALLER_USER, minIal: 2, minAal: 2, ownerField: "", stepUp: StepUpPolicy.STEP_UP_POLICY_ALWAYS,
      bindFields: ["amount.minor_units", "amount.currency", "payee"], allowedServices: [],
    };
    const operation = (amount: number, payee: string) => ({ "amount.minor_units": String(amount), "amount.currency": "JPY", payee });
    let user: SignedIn;
    let payer: Person;
    let gate: PromiseClient<typeof IdentityServiceService>;

    beforeAll(async () => {
      payer = person("stepup");
      user = await users.honest(payer, evidence(KAMOSHIDA));
      gate = await platform.serviceClient(IdentityServiceService, "identity", "payment");
    });

    const authorize = (amount: number, payee: string, proof = "") =>
      gate.authorize(
        { accessToken: user.accessToken, action, requirement, resourceOwner: "", serviceAssertion: "", operation: operation(amount, payee), stepUpProof: proof, grant: "" },
      );

    it("approves 10,000 yen to payee A once, and not 10,001 yen, not payee B, not twice", async () => {
      const challenged = await authorize(10_000, "@payee_a");
      expect(challenged.decision).toBe(Decision.DECISION_STEP_UP_REQUIRED);
      await users.identity.startStepUp({ challengeId: challenged.challengeId }, { accessToken: user.accessToken });
      const [message] = await users.outbox("sms", payer.phone);
      expect(message?.body).toContain("amount.minor_units 10000");
      expect(message?.body).toContain("payee @payee_a");
      const { stepUpProof } = await users.identity.completeStepUp(
        { challengeId: challenged.challengeId, code: await users.latestCode("sms", payer.phone) },
        { accessToken: user.accessToken },
      );

      expect(await authorize(10_001, "@payee_a", stepUpProof)).toMatchObject({ decision: Decision.DECISION_DENY, reason: "STEP_UP_PROOF_MISMATCH" });
      expect(await authorize(10_000, "@payee_b", stepUpProof)).toMatchObject({ decision: Decision.DECISION_DENY, reason: "STEP_UP_PROOF_MISMATCH" });
      expect(await authorize(10_000, "@payee_a", stepUpProof)).toMatchObject({ decision: Decision.DECISION_ALLOW, stepUpVerified: true });
      expect(await authorize(10_000, "@payee_a", stepUpProof)).toMatchObject({ decision: Decision.DECISION_DENY, reason: "STEP_UP_PROOF_USED" });
    });

    it("kills a challenge after five wrong codes", async () => {
      const { challengeId } = await authorize(500, "@payee_c");
      await users.identity.startStepUp({ challengeId }, { accessToken: user.accessToken });
      const right = await users.latestCode("sms", payer.phone);
      const wrong = right === "000000" ? "111111" : "000000";
      const reasons: string[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        const refused = await failure(users.identity.completeStepUp({ challengeId, code: wrong }, { accessToken: user.accessToken }));
        reasons.push(refused.reason);
      }
      expect(reasons).toEqual(["INVALID_ARGUMENT", "INVALID_ARGUMENT", "INVALID_ARGUMENT", "INVALID_ARGUMENT", "CODE_EXHAUSTED"]);
      const dead = await failure(users.identity.completeStepUp({ challengeId, code: right }, { accessToken: user.accessToken }));
      expect([dead.code, dead.reason]).toEqual([status.FAILED_PRECONDITION, "CODE_EXHAUSTED"]);
      const operator = await platform.operatorClient(IdentityServiceService, "identity");
      const { events } = await operator.listSecurityEvents({ userId: user.userId, type: "CHALLENGE_EXHAUSTED", from: undefined, to: undefined, pageSize: 10, pageToken: "" });
      expect(events.length).toBeGreaterThan(0);
    });

    // Last in this block: it uses up the user's step-up sends.
    it("rations the step-up codes sent to one user across all their challenges, even when asked at once", async () => {
      const challenges = await Promise.all(Array.from({ length: 12 }, (_, index) => authorize(100 + index, "@payee_d")));
      const sends = await Promise.allSettled(challenges.map(({ challengeId }) => users.identity.startStepUp({ challengeId }, { accessToken: user.accessToken })));
      const refusals = sends.filter((send): send is PromiseRejectedResult => send.status === "rejected").map((send) => (send.reason as RemoteError).reason);
      // Ten codes an hour are free; the two sends earlier in this block counted too.
      expect(sends.filter((send) => send.status === "fulfilled")).toHaveLength(8);
      expect(refusals).toEqual(Array(4).fill("SEND_THROTTLED"));
    });
  });

  it("throttles login failures with a growing delay, recording each as a security event", async () => {
    const target = person("throttled");
    const userId = await users.signUp(target);
    const attempt = (password: string) => users.identity.login({ email: target.email, password }, { headers: { "x-forwarded-for": "203.0.113.9" } });
    for (let failed = 0; failed < 5; failed++) expect((await failure(attempt("not my password"))).reason).toBe("INVALID_CREDENTIALS");
    // Even the right password waits: the attempt is refused before the password is checked.
    const throttled = await failure(attempt(target.password));
    expect([throttled.code, throttled.reason]).toEqual([status.RESOURCE_EXHAUSTED, "LOGIN_THROTTLED"]);
    expect(throttled.retryAfterMs).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, (throttled.retryAfterMs ?? 1000) + 50));
    await expect(attempt(target.password)).resolves.toMatchObject({ tokens: { aal: 1 } });

    const operator = await platform.operatorClient(IdentityServiceService, "identity");
    const { events } = await operator.listSecurityEvents({ userId, type: "", from: undefined, to: undefined, pageSize: 50, pageToken: "" });
    const types = events.map((event) => event.type);
    expect(types.filter((type) => type === "LOGIN_FAILED")).toHaveLength(5);
    expect(types).toContain("LOGIN_THROTTLED");
    expect(types).toContain("LOGIN_SUCCEEDED");
  });

  it("lets only an operator lift an account's lock, which ends every session of the user and is recorded with its case", async () => {
    const lockedOut = person("lockedout");
    const userId = await users.signUp(lockedOut);
    const before = await users.login(lockedOut);
    // A lock comes after 100 failed logins whose delays grow to an hour: days of waiting. The
    // test marks the user as login does once the throttle locks the account.
    const client = new MongoClient(platform.platform.wiring.storeUri);
    try {
      await client.db(`${platform.platform.wiring.databasePrefix}identity`).collection<{ _id: string }>("users").updateOne({ _id: userId }, { $set: { lockedAt: new Date() } });
    } finally {
      await client.close();
    }
    const locked = await failure(users.login(lockedOut));
    expect([locked.code, locked.reason]).toEqual([status.PERMISSION_DENIED, "ACCOUNT_LOCKED"]);

    // Not a user's to call, whoever they are.
    const bystander = person("bystander");
    await users.signUp(bystander);
    const notOperator = await failure(users.identity.unlockAccount({ userId, ticket: "CASE-7", idempotencyKey: "unlock-e2e-bystander" }, { accessToken: (await users.login(bystander)).accessToken }));
    expect(notOperator.code).toBe(status.PERMISSION_DENIED);

    const operator = await platform.operatorClient(IdentityServiceService, "identity");
    const personal = await failure(operator.unlockAccount({ userId, ticket: lockedOut.email, idempotencyKey: "unlock-e2e-locked" }));
    expect([personal.code, personal.violations.map((violation) => violation.field)]).toEqual([status.INVALID_ARGUMENT, ["ticket"]]);
    expect(await operator.unlockAccount({ userId, ticket: "CASE-7", idempotencyKey: "unlock-e2e-locked" })).toEqual({ wasLocked: true, sessionsRevoked: 1 });

    // The session opened before the lock stays ended; the holder signs in afresh.
    expect((await failure(users.identity.getProfile({}, { accessToken: before.accessToken }))).reason).toBe("SESSION_REVOKED");
    await expect(users.login(lockedOut)).resolves.toMatchObject({ userId, tokens: { aal: 1 } });
    const { events } = await operator.listSecurityEvents({ userId, type: "ACCOUNT_UNLOCKED", from: undefined, to: undefined, pageSize: 5, pageToken: "" });
    expect(events.map((event) => event.facts)).toEqual([expect.objectContaining({ ticket: "CASE-7", was_locked: "true", sessions_revoked: "1" })]);
    expect(events[0]!.facts["operator"]).not.toBe("");
  });

  it("revokes the whole family when a spent refresh token comes back", async () => {
    const someone = person("refresh");
    await users.signUp(someone);
    const first = await users.login(someone);
    const { tokens: second } = await users.identity.refreshSession({ refreshToken: first.tokens.refreshToken });
    // In use, so the gate holds the session in its cache of live sessions: the revocation must
    // reach that cache too.
    await users.identity.getProfile({}, { accessToken: second!.accessToken });
    await users.identity.getProfile({}, { accessToken: second!.accessToken });
    const reuse = await failure(users.identity.refreshSession({ refreshToken: first.tokens.refreshToken }));
    expect([reuse.code, reuse.reason]).toEqual([status.UNAUTHENTICATED, "REFRESH_TOKEN_REUSED"]);
    const afterRevocation = await failure(users.identity.refreshSession({ refreshToken: second!.refreshToken }));
    expect(afterRevocation.reason).toBe("SESSION_REVOKED");
    const access = await failure(users.identity.getProfile({}, { accessToken: second!.accessToken }));
    expect([access.code, access.reason]).toEqual([status.UNAUTHENTICATED, "SESSION_REVOKED"]);
  });

  it("ends sessions on logout and on revoke-all", async () => {
    const someone = person("revokeall");
    await users.signUp(someone);
    const [a, b] = [await users.login(someone), await users.login(someone)];
    expect((await users.identity.revokeAllSessions({}, { accessToken: a.accessToken })).revoked).toBe(2);
    expect((await failure(users.identity.getProfile({}, { accessToken: b.accessToken }))).reason).toBe("SESSION_REVOKED");
  });

  it("gives an ALLOW an operation grant for the asking service, honoured only for that service, user and session", async () => {
    const someone = person("granted");
    const user = await users.honest(someone, evidence(KAMOSHIDA));
    const otherSession = await users.login(someone);
    const payee = person("grantee");
    await users.signUp(payee);
    const asPayment = await platform.serviceClient(IdentityServiceService, "identity", "payment");
    const asBankLink = await platform.serviceClient(IdentityServiceService, "identity", "bank-link");
    const authorize = (accessToken: string, grant = "") => asPayment.authorize({
      accessToken, action: "/wallet.payment.v1.PaymentService/Transfer", resourceOwner: "", serviceAssertion: "", operation: {}, stepUpProof: "", grant,
      requirement: { caller: Caller.CALLER_USER, minIal: 2, minAal: 2, ownerField: "", stepUp: StepUpPolicy.STEP_UP_POLICY_NEVER, bindFields: [], allowedServices: [] },
    });
    const allowed = await authorize(user.accessToken);
    expect(allowed).toMatchObject({ decision: Decision.DECISION_ALLOW, subject: user.userId });
    expect(JSON.parse(Buffer.from(allowed.grant.split(".")[0]!, "base64url").toString())).toMatchObject({ alg: "ES256", typ: "grant+jwt" });
    expect(await authorize(otherSession.accessToken)).toMatchObject({ decision: Decision.DECISION_DENY, reason: "AAL2_REQUIRED", grant: "" });

    await users.identity.revokeAllSessions({}, { accessToken: otherSession.accessToken });
    const withGrant = (accessToken: string, grant = allowed.grant) => ({ accessToken, headers: { "x-wallet-grant": grant } });
    const refusal = async (call: Promise<unknown>) => (await failure(call)).reason;
    // The operation the gate allowed may finish within the grant's few seconds without its calls
    // reading the session again (the revocation lag a grant costs)...
    await expect(asPayment.resolvePayee({ handle: payee.handle }, withGrant(user.accessToken))).resolves.toMatchObject({ handle: payee.handle });
    // ...but nothing else: without the grant, with another session's token, forwarded by another
    // service, altered, or presented for a new operation, the store is read and the session is over.
    expect(await refusal(asPayment.resolvePayee({ handle: payee.handle }, { accessToken: user.accessToken }))).toBe("SESSION_REVOKED");
    expect(await refusal(asPayment.resolvePayee({ handle: payee.handle }, withGrant(otherSession.accessToken)))).toBe("SESSION_REVOKED");
    expect(await refusal(asBankLink.getProofedName({ userId: user.userId }, withGrant(user.accessToken)))).toBe("SESSION_REVOKED");
    const [header, payload, signature] = allowed.grant.split(".") as [string, string, string];
    const otherSessionId = (JSON.parse(Buffer.from(otherSession.accessToken.split(".")[1]!, "base64url").toString()) as { sid: string }).sid;
    const moved = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sid: otherSessionId })).toString("base64url");
    expect(await refusal(asPayment.resolvePayee({ handle: payee.handle }, withGrant(otherSession.accessToken, `${header}.${moved}.${signature}`)))).toBe("SESSION_REVOKED");
    expect(await authorize(user.accessToken, allowed.grant)).toMatchObject({ decision: Decision.DECISION_DENY, reason: "SESSION_REVOKED" });
  });

  it("refuses tampered, expired, alg:none and unknown-kid tokens", async () => {
    const someone = person("tokens");
    await users.signUp(someone);
    const { accessToken } = await users.login(someone);
    await expect(users.identity.getProfile({}, { accessToken })).resolves.toBeDefined();
    const [header, payload, signature] = accessToken.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const refusedWith = async (token: string) => {
      const refused = await failure(users.identity.getProfile({}, { accessToken: token }));
      expect(refused.code).toBe(status.UNAUTHENTICATED);
      return refused.reason;
    };

    expect(await refusedWith(`${header}.${encode({ ...claims, sub: "usr_someone_else" })}.${signature}`)).toBe("TOKEN_INVALID");
    expect(await refusedWith(`${encode({ alg: "none", typ: "at+jwt" })}.${payload}.`)).toBe("TOKEN_INVALID");
    const stranger = await generateKeyPair("ES256");
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "key_notours", typ: "at+jwt" }).sign(stranger.privateKey);
    expect(await refusedWith(foreign)).toBe("TOKEN_INVALID");

    // An expired token signed with the platform's own key (read from the store with the data key).
    const kid = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { kid: string }).kid;
    const secrets = platform.platform.wiring.secrets;
    const client = new MongoClient(platform.platform.wiring.storeUri);
    try {
      const key = await client.db(`${platform.platform.wiring.databasePrefix}identity`).collection<{ _id: string; privateJwkEncrypted: string }>("signing_keys").findOne({ _id: kid });
      const jwk = JSON.parse(new FieldCipher(secrets.piiEncryptionKeys, secrets.piiActiveKeyId).decrypt(key!.privateJwkEncrypted, `signing_keys:${kid}`)) as JWK;
      const past = Math.floor(Date.now() / 1000) - 3600;
      const expired = await new SignJWT({ ...claims, iat: past, exp: past + 300 }).setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" }).sign(await importJWK(jwk, "ES256"));
      expect(await refusedWith(expired)).toBe("TOKEN_EXPIRED");
    } finally {
      await client.close();
    }
    expect(JSON.parse((await users.identity.getJwks({})).jwksJson)).toMatchObject({ keys: [{ kid, alg: "ES256" }] });
    expect(await exportJWK(stranger.publicKey)).toBeDefined();
  });

  it("still lets in a user whose password was hashed with the earlier 19 MiB parameters, and rehashes it at that login", async () => {
    // What identity stored before it moved to 7 MiB × 5: OWASP's 19 MiB × 2 baseline, for this password.
    const password = "correct horse battery staple 2019";
    const earlierHash = "$argon2id$v=19$m=19456,t=2,p=1$4VQxaFlXlvnA9VHjDdU9ZQ$0j1/I9pq9WlRQ0CDPDT7oCs9kUjxPuulN+MwVOQk3jU";
    const veteran = person("veteran");
    const userId = await users.signUp(veteran);
    const client = new MongoClient(platform.platform.wiring.storeUri);
    try {
      const accounts = client.db(`${platform.platform.wiring.databasePrefix}identity`).collection<{ _id: string; passwordHash: string }>("users");
      expect((await accounts.findOne({ _id: userId }))!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=7168,t=5,p=1\$/);
      await accounts.updateOne({ _id: userId }, { $set: { passwordHash: earlierHash } });

      await expect(users.login({ ...veteran, password: "not the password at all" })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      expect((await accounts.findOne({ _id: userId }))!.passwordHash).toBe(earlierHash);
      await users.login({ ...veteran, password });
      const rehashed = (await accounts.findOne({ _id: userId }))!.passwordHash;
      expect(rehashed).toMatch(/^\$argon2id\$v=19\$m=7168,t=5,p=1\$/);
      await users.login({ ...veteran, password });
      expect((await accounts.findOne({ _id: userId }))!.passwordHash).toBe(rehashed);
    } finally {
      await client.close();
    }
  });

  it("lets one identity document back one user only, recording the second attempt", async () => {
    const owner = person("docowner", TSUBURAYA);
    const submitted = evidence(TSUBURAYA);
    await users.honest(owner, submitted);
    const impostor = person("impostor", TSUBURAYA);
    await users.signUp(impostor);
    const session = await users.secondFactor(impostor, await users.login(impostor));
    const refused = await failure(users.identity.startProofing(submitted, { accessToken: session.accessToken }));
    expect([refused.code, refused.reason]).toEqual([status.FAILED_PRECONDITION, "DOCUMENT_ALREADY_USED"]);
    const operator = await platform.operatorClient(IdentityServiceService, "identity");
    const { events } = await operator.listSecurityEvents({ userId: session.userId, type: "DOCUMENT_ALREADY_USED", from: undefined, to: undefined, pageSize: 5, pageToken: "" });
    expect(events).toHaveLength(1);
  });

  it("approves one proofing per user, however many were pending at once", async () => {
    const someone = person("twoids", KAMOSHIDA);
    await users.signUp(someone);
    const session = await users.secondFactor(someone, await users.login(someone));
    const submitted = await Promise.all([evidence(KAMOSHIDA), evidence(TSUBURAYA)].map(async (offered) =>
      (await users.identity.startProofing(offered, { accessToken: session.accessToken })).proofing!.proofingId));
    const decided = async (proofingId: string) => {
      for (let waited = 0; waited < 20_000; waited += 200) {
        const { proofing } = await users.identity.getProofing({ proofingId }, { accessToken: session.accessToken });
        if (proofing && proofing.status !== ProofingStatus.PROOFING_STATUS_PENDING) return proofing;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error("proofing still pending after 20 s");
    };
    const outcomes = await Promise.all(submitted.map(decided));
    expect(outcomes.map((proofing) => proofing.status).sort()).toEqual([ProofingStatus.PROOFING_STATUS_APPROVED, ProofingStatus.PROOFING_STATUS_REJECTED].sort());
    expect(outcomes.find((proofing) => proofing.status === ProofingStatus.PROOFING_STATUS_REJECTED)!.reasons).toEqual(["ALREADY_PROOFED"]);
  });

  it("has the sandbox provider refuse by its documented rules", async () => {
    const someone = person("rejected");
    await users.signUp(someone);
    const session = await users.secondFactor(someone, await users.login(someone));
    const badDigit = evidence(KAMOSHIDA, { documentNumber: "123456789012" });
    expect((await users.proof(session, badDigit)).reasons).toEqual(["DOCUMENT_CHECK_DIGIT"]);
    const minor = evidence(KAMOSHIDA, { dateOfBirth: "2015-01-01" });
    expect((await users.proof(session, minor)).reasons).toEqual(["UNDER_18"]);
    const stolen = evidence(KAMOSHIDA, { documentNumber: "123456789018" });
    expect((await users.proof(session, stolen)).reasons).toEqual(["DOCUMENT_REPORTED_STOLEN"]);
    const passport = evidence(KAMOSHIDA, { documentType: DocumentType.DOCUMENT_TYPE_PASSPORT, documentNumber: "TK1234567" });
    expect((await users.proof(session, passport)).status).toBe(ProofingStatus.PROOFING_STATUS_APPROVED);
  });

  it("answers a sign-up the same way whether or not the contacts are registered", async () => {
    const existing = person("existing");
    await users.signUp(existing);
    const fresh = newPerson("fresh", KAMOSHIDA);
    people.push(fresh);
    const forTaken = await users.identity.startSignUp({ email: existing.email, phone: existing.phone, password: "a long new passphrase", handle: "" });
    const forFresh = await users.identity.startSignUp({ email: fresh.email, phone: fresh.phone, password: "a long new passphrase", handle: "" });
    expect(Object.keys(forTaken).sort()).toEqual(Object.keys(forFresh).sort());
    expect(forTaken.signUpId).toMatch(/^sup_/);
    // The owner of the taken email gets a notice, not a code; any code fails like a wrong one.
    const [notice] = await users.outbox("email", existing.email);
    expect(notice?.template).toBe("signup_contact_taken");
    // Six wrong tries on each: the same answers, attempts counting down, then exhausted.
    const wrongCode = (await users.latestCode("email", fresh.email)) === "123456" ? "654321" : "123456";
    const answers = async (signUpId: string) => {
      const seen: string[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        const refused = await failure(users.identity.confirmSignUpContact({ signUpId, channel: ContactChannel.CONTACT_CHANNEL_EMAIL, code: wrongCode }));
        seen.push(`${refused.code} ${refused.reason} ${refused.message}`);
      }
      return seen;
    };
    const forTakenAnswers = await answers(forTaken.signUpId);
    expect(forTakenAnswers).toEqual(await answers(forFresh.signUpId));
    expect(forTakenAnswers.at(-1)).toContain("CODE_EXHAUSTED");
  });

  it("rations the codes sent to one phone, registered or not, and records the refusal", async () => {
    const owner = person("bombed");
    await users.signUp(owner);
    const unregistered = newPerson("unbombed", KAMOSHIDA);
    people.push(unregistered);
    // Someone else's address each time: only the phone, where the codes go, is the same.
    const signUpTo = (phone: string, attempt: number) => users.identity.startSignUp({ email: `bomb${attempt}.${Date.now()}@example.test`, phone, password: "a long new passphrase", handle: "" });
    // Five codes to a phone are free, then each must wait longer than the one before (1 s, 2 s,
    // ...). Three more at once: however slow the machine, at most one finds its wait over.
    const refusalFor = (phone: string) => firstRefusal([9, 10, 11].map((attempt) => signUpTo(phone, attempt)));
    for (let attempt = 1; attempt < 5; attempt++) await signUpTo(owner.phone, attempt);
    const toRegistered = await refusalFor(owner.phone);
    for (let attempt = 0; attempt < 5; attempt++) await signUpTo(unregistered.phone, attempt);
    const toUnregistered = await refusalFor(unregistered.phone);
    expect([toRegistered.code, toRegistered.reason, toRegistered.message]).toEqual([status.RESOURCE_EXHAUSTED, "SEND_THROTTLED", toUnregistered.message]);
    expect(toUnregistered.reason).toBe("SEND_THROTTLED");
    expect(toRegistered.retryAfterMs).toBeGreaterThan(0);

    const operator = await platform.operatorClient(IdentityServiceService, "identity");
    const { events } = await operator.listSecurityEvents({ userId: "", type: "SEND_THROTTLED", from: undefined, to: undefined, pageSize: 50, pageToken: "" });
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it("rations the sign-ups started from one client address, whatever their emails and phones", async () => {
    // A bot opening wallets by the dozen, or pumping SMS to numbers of its choosing, from one place.
    const stamp = Date.now();
    const signUpFrom = (address: string, attempt: number) => users.identity.startSignUp(
      { email: `bot${attempt}.${stamp}@example.test`, phone: `+8170${String(stamp % 10_000).padStart(4, "0")}${String(attempt).padStart(4, "0")}`, password: "a long new passphrase", handle: "" },
      { headers: { "x-forwarded-for": address } },
    );
    const outcomes = await Promise.all(Array.from({ length: 32 }, (_, attempt) =>
      signUpFrom("192.0.2.77", attempt).then(() => "STARTED", (error: unknown) => (error as RemoteError).reason)));
    // 30 an hour are free (SIGN_UP_SOURCE_FREE_PER_HOUR), then each must wait longer than the
    // one before (1 s, 2 s, ...): the 31st starts only if a very slow machine took more than 1 s
    // to admit the first 30, and then the 32nd must wait 2 s.
    const started = outcomes.filter((outcome) => outcome === "STARTED").length;
    expect(started).toBeGreaterThanOrEqual(30);
    expect(started).toBeLessThanOrEqual(31);
    expect(outcomes.filter((outcome) => outcome === "SEND_THROTTLED")).toHaveLength(32 - started);
    const held = await firstRefusal([99, 100, 101].map((attempt) => signUpFrom("192.0.2.77", attempt)));
    expect([held.code, held.reason]).toEqual([status.RESOURCE_EXHAUSTED, "SEND_THROTTLED"]);
    expect(held.retryAfterMs).toBeGreaterThan(0);
    // The same sign-up from another address goes through.
    await expect(signUpFrom("192.0.2.78", 99)).resolves.toMatchObject({ signUpId: expect.stringMatching(/^sup_/) });
  });

  it("rations the payee lookups by phone number one payer makes, not those by handle", async () => {
    const payer = person("looker");
    await users.signUp(payer);
    const session = await users.login(payer);
    const payee = person("lookedup");
    await users.signUp(payee);
    const asPayment = await platform.serviceClient(IdentityServiceService, "identity", "payment");
    const byPhone = (phone: string) => asPayment.resolvePayee({ phone }, { accessToken: session.accessToken });
    await expect(byPhone(payee.phone)).resolves.toMatchObject({ handle: payee.handle });
    for (let lookup = 1; lookup < 20; lookup++) await failure(byPhone(`+8170${String(lookup).padStart(8, "0")}`));
    const throttled = await failure(byPhone(payee.phone));
    expect([throttled.code, throttled.reason]).toEqual([status.RESOURCE_EXHAUSTED, "PAYEE_LOOKUP_THROTTLED"]);
    await expect(asPayment.resolvePayee({ handle: payee.handle }, { accessToken: session.accessToken })).resolves.toMatchObject({ handle: payee.handle });
  });

  it("refuses common and breached passwords, naming the field", async () => {
    const refused = await failure(users.identity.startSignUp({ email: "weak@example.test", phone: "+819011110000", password: "password1", handle: "" }));
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(refused.violations).toEqual([{ field: "password", description: "is a common or breached password; choose another" }]);
  });

  it("keeps every personal datum out of logs and traces, and encrypted in the store", async () => {
    const secrets = [
      ...people.flatMap((someone) => [someone.email, someone.phone, someone.phone.slice(1)]),
      ...[KAMOSHIDA, TSUBURAYA].flatMap((name) => [name.familyKanji, name.givenKanji, name.familyKana, name.givenKana, name.familyLatin, name.givenLatin]),
      ...documentNumbers,
    ];
    // Let the batch processors flush the last spans.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(platform.logs.length).toBeGreaterThan(50);
    expect(platform.sink.spans.length).toBeGreaterThan(50);
    expect(await findPersonalData(platform, secrets, ["identity", "account", "bank-link", "payment"])).toEqual([]);
    // The scan does see plaintext where it exists: the sandbox bank (a bank, not the platform)
    // keeps its customers' names, as banks do.
    expect(await findPersonalData(platform, [KAMOSHIDA.familyKana], ["sandbox-bank"])).not.toEqual([]);
  });

  it("has a client factory that gives every call a deadline", () => {
    expect(() => createClient(IdentityServiceService, { address: "127.0.0.1:1", audience: "identity", credentials: ChannelCredentials.createInsecure(), defaultDeadlineMs: 1 })).not.toThrow();
  });
});
