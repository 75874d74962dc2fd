import { Writable } from "node:stream";
import { type OutboxSender } from "@wallet/outbox";
import { createLogger, NotFoundError } from "@wallet/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IdentityContext } from "../src/domain/context";
import { keepExpiredRecordsSwept, sweepExpiredRecords } from "../src/domain/retention/expired-records";
import { AccountLocked, LoginThrottle } from "../src/domain/security/login-throttle";
import { confirmSignUpContact, startSignUp } from "../src/domain/sign-up/sign-up";
import { completeStepUp, createStepUpChallenge, sendStepUpCode, spendStepUpProof } from "../src/domain/step-up/step-up";
import { type IdentityModels } from "../src/store/models";
import { identityTestContext } from "./support/identity-context";
import { type IdentityTestStore, openIdentityStore } from "./support/identity-store";

let store: IdentityTestStore;
let models: IdentityModels;
let context: IdentityContext;
let outbox: OutboxSender;

/** Every test sweeps at this instant; records are made at times relative to it. */
const SWEEP_AT = new Date("2026-11-10T12:00:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
let now = SWEEP_AT;
const at = (msBeforeSweep: number) => {
  now = new Date(SWEEP_AT.getTime() - msBeforeSweep);
};

beforeAll(async () => {
  store = await openIdentityStore("expired_records");
  models = store.models;
  ({ context, outbox } = await identityTestContext(models, () => now));
});
afterAll(async () => {
  await store?.close();
});

/** The six-digit code in the newest message to `to`. */
async function codeSentTo(channel: "email" | "sms", to: string): Promise<string> {
  const [message] = await outbox.read(channel, to, 1);
  const code = /\b(\d{6})\b/.exec(message?.body ?? "")?.[1];
  if (!code) throw new Error(`no code was sent to ${to}`);
  return code;
}

const ids = async (found: Promise<{ _id: string }[]>) => (await found).map((document) => document._id).sort();

describe("sweeping identity's expired records", () => {
  it("deletes sign-ups and one-time codes a day after they expired, and a swept code is still refused", async () => {
    let signUps = 0;
    const signUp = async () => {
      signUps += 1;
      const email = `sweep${signUps}@example.test`;
      const phone = `+8170000${String(signUps).padStart(4, "0")}`;
      const { signUpId } = await startSignUp(context, { email, phone, password: `otter-lantern-river-${signUps}`, handle: "", source: "203.0.113.9", freeSignUpsPerSource: 30 });
      return { signUpId, email, phone, emailCode: await codeSentTo("email", email), phoneCode: await codeSentTo("sms", phone) };
    };

    // Expired two days ago: it goes, with its codes and their attempt and use claims.
    at(3 * DAY);
    const old = await signUp();
    at(3 * DAY - MINUTE);
    await expect(confirmSignUpContact(context, { signUpId: old.signUpId, channel: "email", code: old.emailCode === "000000" ? "111111" : "000000" })).rejects.toThrow();
    await confirmSignUpContact(context, { signUpId: old.signUpId, channel: "email", code: old.emailCode });
    const oldSignUp = await models.signUps.findById(old.signUpId).lean();
    // Expired twelve hours ago, within the margin: it stays; its codes expired long before, and go.
    at(DAY + 12 * HOUR);
    const expiring = await signUp();
    // Live, codes included: everything stays.
    at(5 * MINUTE);
    const live = await signUp();

    // Codes either side of the margin, each with a wrong try: one expired a day and ten minutes
    // ago, one a day less five minutes ago.
    at(DAY + 20 * MINUTE);
    const deadCode = await context.codes.issue({ purpose: "test", subject: "s", lifetimeMs: 10 * MINUTE });
    at(DAY + 19 * MINUTE);
    await context.codes.verify({ challengeId: deadCode.challengeId, code: "not it", purpose: "test" });
    at(DAY + 5 * MINUTE);
    const marginCode = await context.codes.issue({ purpose: "test", subject: "s", lifetimeMs: 10 * MINUTE });
    at(DAY + 4 * MINUTE);
    await context.codes.verify({ challengeId: marginCode.challengeId, code: "not it", purpose: "test" });
    // Live and already used: its use claim must stay, or it could be used again.
    at(2 * MINUTE);
    const usedCode = await context.codes.issue({ purpose: "test", subject: "s", lifetimeMs: 10 * MINUTE });
    expect(await context.codes.verify({ challengeId: usedCode.challengeId, code: usedCode.code, purpose: "test" })).toMatchObject({ ok: true });

    const liveSignUp = await models.signUps.findById(live.signUpId).lean();
    at(0);
    expect(await sweepExpiredRecords(models, SWEEP_AT)).toMatchObject({ sign_ups: 1, otp_challenges: 5, otp_challenge_claims: 4 });

    expect(await ids(models.signUps.find({}, { _id: 1 }).lean())).toEqual([expiring.signUpId, live.signUpId].sort());
    expect(await ids(models.challenges.find({}, { _id: 1 }).lean())).toEqual(
      [liveSignUp?.emailChallengeId, liveSignUp?.phoneChallengeId, marginCode.challengeId, usedCode.challengeId].sort(),
    );
    expect((await models.claims.find({}).lean()).map((claim) => claim._id).sort()).toEqual(
      [`${marginCode.challengeId}:try:1`, `${usedCode.challengeId}:try:1`, `${usedCode.challengeId}:used`].sort(),
    );

    // Swept, and still refused: the sign-up as unknown, its code as not found.
    await expect(confirmSignUpContact(context, { signUpId: old.signUpId, channel: "phone", code: old.phoneCode })).rejects.toBeInstanceOf(NotFoundError);
    expect(await context.codes.verify({ challengeId: oldSignUp?.phoneChallengeId ?? "", code: old.phoneCode, purpose: "signup_phone" })).toMatchObject({ ok: false, reason: "NOT_FOUND" });
    expect(await context.codes.verify({ challengeId: deadCode.challengeId, code: deadCode.code, purpose: "test" })).toMatchObject({ ok: false, reason: "NOT_FOUND" });
    // Kept, and still deciding: a used code stays used, a live sign-up completes.
    expect(await context.codes.verify({ challengeId: usedCode.challengeId, code: usedCode.code, purpose: "test" })).toMatchObject({ ok: false, reason: "ALREADY_USED" });
    await expect(confirmSignUpContact(context, { signUpId: live.signUpId, channel: "email", code: live.emailCode })).resolves.toMatchObject({ emailConfirmed: true });
  });

  it("deletes a session only a day after it ended, and refresh tokens only once no session of theirs can live: reuse is still detected", async () => {
    const { sessions } = context;
    const open = async (msBefore: number) => {
      at(msBefore);
      const { accessToken, refreshToken } = await sessions.open("usr_sweep", 1);
      const { sid } = JSON.parse(Buffer.from(accessToken.split(".")[1] ?? "", "base64url").toString()) as { sid: string };
      return { sessionId: sid, refreshToken };
    };

    // Live AAL1 session, 29 days old, refreshed twice: every token and spend stays.
    const live = await open(29 * DAY);
    at(29 * DAY - HOUR);
    const liveSecond = await sessions.refresh(live.refreshToken);
    at(HOUR);
    const liveThird = await sessions.refresh(liveSecond.refreshToken);
    // Past the 30 days two days ago (went), and half a day ago (within the margin: stays).
    const old = await open(40 * DAY);
    at(40 * DAY - HOUR);
    const oldSecond = await sessions.refresh(old.refreshToken);
    const expiring = await open(30 * DAY + 12 * HOUR);
    // Revoked two days ago (goes, but its tokens stay for reuse detection), and half a day ago (stays).
    const revoked = await open(3 * DAY);
    at(3 * DAY - HOUR);
    const revokedSecond = await sessions.refresh(revoked.refreshToken);
    at(2 * DAY);
    await sessions.revoke(revoked.sessionId, "LOGOUT");
    const revokedLately = await open(3 * DAY);
    at(12 * HOUR);
    await sessions.revoke(revokedLately.sessionId, "LOGOUT");
    // AAL2: past its 12 hours a day and a half ago (goes), within the margin (stays), and live.
    const aal2Old = await open(3 * DAY);
    at(3 * DAY - 5 * MINUTE);
    await sessions.raiseToAal2(aal2Old.sessionId);
    const aal2Expiring = await open(30 * HOUR);
    at(30 * HOUR - 5 * MINUTE);
    await sessions.raiseToAal2(aal2Expiring.sessionId);
    const aal2Live = await open(10 * MINUTE);
    at(9 * MINUTE);
    const aal2LiveTokens = await sessions.raiseToAal2(aal2Live.sessionId);

    const tokensBefore = await models.refreshTokens.countDocuments();
    const spendsBefore = await models.refreshSpends.countDocuments();
    at(0);
    expect(await sweepExpiredRecords(models, SWEEP_AT)).toMatchObject({ sessions: 3, refresh_tokens: 2, refresh_token_spends: 1 });

    expect(await ids(models.sessions.find({}, { _id: 1 }).lean())).toEqual(
      [live, expiring, revokedLately, aal2Expiring, aal2Live].map((session) => session.sessionId).sort(),
    );
    expect(await models.refreshTokens.countDocuments({ sessionId: old.sessionId })).toBe(0);
    expect(await models.refreshSpends.countDocuments({ holder: old.sessionId })).toBe(0);
    expect(await models.refreshTokens.countDocuments()).toBe(tokensBefore - 2);
    expect(await models.refreshSpends.countDocuments()).toBe(spendsBefore - 1);
    expect(await models.refreshTokens.countDocuments({ sessionId: live.sessionId })).toBe(3);
    expect(await models.refreshSpends.countDocuments({ holder: live.sessionId })).toBe(2);
    expect(await models.refreshTokens.countDocuments({ sessionId: revoked.sessionId })).toBe(2);

    // The swept session's token is refused; a live session refreshes as before.
    await expect(sessions.refresh(oldSecond.refreshToken)).rejects.toMatchObject({ reason: "REFRESH_TOKEN_INVALID" });
    const liveFourth = await sessions.refresh(liveThird.refreshToken);
    await expect(sessions.refresh(aal2LiveTokens.refreshToken)).resolves.toMatchObject({ aal: 2 });
    // A spent token of a swept revoked session is still seen as reused, and its other one refused.
    await expect(sessions.refresh(revoked.refreshToken)).rejects.toMatchObject({ reason: "REFRESH_TOKEN_REUSED" });
    await expect(sessions.refresh(revokedSecond.refreshToken)).rejects.toMatchObject({ reason: "SESSION_REVOKED" });
    // The live session's oldest token, spent 29 days ago, is still seen as reused: it ends the session.
    await expect(sessions.refresh(live.refreshToken)).rejects.toMatchObject({ reason: "REFRESH_TOKEN_REUSED" });
    await expect(sessions.refresh(liveFourth.refreshToken)).rejects.toMatchObject({ reason: "SESSION_REVOKED" });
  });

  it("deletes step-up challenges, proofs and spent proofs a day after they expired; a swept proof is still refused", async () => {
    const action = "/wallet.payment.v1.PaymentService/Transfer";
    const operation = { "amount.minor_units": "10000", "amount.currency": "JPY" };
    let users = 0;
    const stepUp = async (msBefore: number, options: { spend: boolean }) => {
      users += 1;
      const userId = `usr_stepup${users}`;
      const phone = `+8180000${String(users).padStart(4, "0")}`;
      at(msBefore);
      await models.users.create({
        _id: userId, emailIndex: `email_${userId}`, emailEncrypted: "-", emailConfirmedAt: now, phoneIndex: `phone_${userId}`,
        phoneEncrypted: context.cipher.encrypt(phone, `users:${userId}:phone`), phoneConfirmedAt: now, passwordHash: "-", ial: 1, createdAt: now,
      });
      const challengeId = await createStepUpChallenge(context, { userId, action, operation, reason: "POLICY" });
      await sendStepUpCode(context, userId, challengeId);
      const { proof } = await completeStepUp(context, { userId, challengeId, code: await codeSentTo("sms", phone), proofLifetimeMs: 5 * MINUTE });
      if (options.spend) expect(await spendStepUpProof(context, { userId, action, operation, proof })).toEqual({ ok: true });
      return { userId, challengeId, proof };
    };

    const old = await stepUp(3 * DAY, { spend: true });
    const expiring = await stepUp(DAY + 4 * MINUTE, { spend: true });
    const live = await stepUp(MINUTE, { spend: true });
    const liveUnspent = await stepUp(MINUTE, { spend: false });
    const proofsBefore = await models.stepUpProofs.countDocuments();

    at(0);
    expect(await sweepExpiredRecords(models, SWEEP_AT)).toMatchObject({ step_up_challenges: 1, step_up_proofs: 1, step_up_proof_spends: 1 });

    expect(await ids(models.stepUpChallenges.find({}, { _id: 1 }).lean())).toEqual([expiring, live, liveUnspent].map((step) => step.challengeId).sort());
    expect(await models.stepUpProofs.countDocuments()).toBe(proofsBefore - 1);
    expect(await models.stepUpProofs.countDocuments({ userId: old.userId })).toBe(0);
    expect((await models.stepUpProofSpends.find({}).lean()).map((spend) => spend.holder).sort()).toEqual([expiring.userId, live.userId].sort());

    // Swept, still refused; kept and live, still deciding: spent stays spent, unspent spends once.
    expect(await spendStepUpProof(context, { userId: old.userId, action, operation, proof: old.proof })).toEqual({ ok: false, reason: "STEP_UP_PROOF_INVALID" });
    expect(await spendStepUpProof(context, { userId: live.userId, action, operation, proof: live.proof })).toEqual({ ok: false, reason: "STEP_UP_PROOF_USED" });
    expect(await spendStepUpProof(context, { userId: liveUnspent.userId, action, operation, proof: liveUnspent.proof })).toEqual({ ok: true });
    expect(await spendStepUpProof(context, { userId: liveUnspent.userId, action, operation, proof: liveUnspent.proof })).toEqual({ ok: false, reason: "STEP_UP_PROOF_USED" });
  });

  it("deletes a spent TOTP step a day after no code can match it any more", async () => {
    const spentAt = (msBefore: number) => new Date(SWEEP_AT.getTime() - msBefore);
    await models.totpSpends.create([
      { _id: "usr_totp:1000", holder: "usr_totp", at: spentAt(30 * DAY) },
      // 90 s after it was spent no code matches the step: these are a day and 30 s either side of that.
      { _id: "usr_totp:2000", holder: "usr_totp", at: spentAt(DAY + 2 * MINUTE) },
      { _id: "usr_totp:3000", holder: "usr_totp", at: spentAt(DAY + MINUTE) },
      { _id: "usr_totp:4000", holder: "usr_totp", at: spentAt(MINUTE) },
    ]);

    expect(await sweepExpiredRecords(models, SWEEP_AT)).toMatchObject({ totp_code_spends: 2 });
    expect(await ids(models.totpSpends.find({}, { _id: 1 }).lean())).toEqual(["usr_totp:3000", "usr_totp:4000"]);
  });

  it("never deletes throttle chains (a lock above all), security events, users, uniqueness claims, used recovery codes, notices or proofings", async () => {
    at(400 * DAY);
    const throttle = new LoginThrottle(models, () => now);
    const locking = [{ key: "account:sweep_locked", policy: { freeFailures: 10, lockAfter: 3, maxDelayMs: 0 } }];
    for (let attempt = 0; attempt < 3; attempt++) await throttle.admit(locking);
    await expect(throttle.admit(locking)).rejects.toBeInstanceOf(AccountLocked);
    await throttle.admit([{ key: "source:sweep_quiet", policy: { freeFailures: 10, lockAfter: undefined, maxDelayMs: 0 } }]);
    await throttle.succeeded(["source:sweep_quiet"]);
    await context.events.record("LOGIN_FAILED", { userId: "usr_kept", reason: "INVALID_CREDENTIALS" });
    const claim = { holder: "usr_kept", at: now };
    await Promise.all([
      models.phoneClaims.create({ _id: "phone_kept", ...claim }),
      models.handleClaims.create({ _id: "handle_kept", ...claim }),
      models.documentClaims.create({ _id: "document_kept", ...claim }),
      models.recoveryCodeSpends.create({ _id: "usr_kept:0", ...claim }),
      models.noticeClaims.create({ _id: "payment:notice_kept", ...claim }),
      models.proofingApprovals.create({ _id: "usr_kept", holder: "prf_kept", at: now }),
      models.proofings.create({
        _id: "prf_kept", userId: "usr_kept", status: "REJECTED", reasons: ["UNDER_18"], provider: "sandbox", evidenceEncrypted: "-",
        documentType: "PASSPORT", documentIndex: "document_kept", submittedAt: now, decideAfter: now, decidedAt: now,
      }),
    ]);
    const kept = [
      models.throttleEvents, models.securityEvents, models.users, models.signingKeys, models.phoneClaims, models.handleClaims,
      models.documentClaims, models.recoveryCodeSpends, models.noticeClaims, models.proofingApprovals, models.proofings,
    ];
    const count = async () => Object.fromEntries(await Promise.all(kept.map(async (model) => [model.collection.collectionName, await model.collection.countDocuments()] as const)));
    const before = await count();
    expect(Object.values(before).every((documents) => documents > 0)).toBe(true);

    // Ten years on, everything else long expired: these are all still there.
    const deleted = await sweepExpiredRecords(models, new Date(SWEEP_AT.getTime() + 3_650 * DAY));
    expect(Object.values(deleted).some((documents) => documents > 0)).toBe(true);
    expect(await count()).toEqual(before);
    at(-3_650 * DAY);
    await expect(new LoginThrottle(models, () => now).admit(locking)).rejects.toBeInstanceOf(AccountLocked);
  });

  it("runs a sweep as it starts, and logs how many records went from each collection, nothing else", async () => {
    const signUpAt = (id: string, expiresAt: Date) => ({
      _id: id, emailIndex: `email_${id}`, emailEncrypted: `secret-email-${id}`, phoneIndex: `phone_${id}`, phoneEncrypted: `secret-phone-${id}`,
      passwordHash: "-", expiresAt, createdAt: new Date(expiresAt.getTime() - DAY),
    });
    await models.signUps.create([signUpAt("sup_logged_old", new Date(Date.now() - 3 * DAY)), signUpAt("sup_logged_live", new Date(Date.now() + DAY))]);
    const written: string[] = [];
    const logger = createLogger("identity", "info", new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString("utf8"));
        done();
      },
    }));

    const stop = keepExpiredRecordsSwept(models, logger);
    await stop();

    expect(await ids(models.signUps.find({}, { _id: 1 }).lean())).toEqual(["sup_logged_live"]);
    const lines = written.join("").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", msg: "expired identity records deleted" });
    expect(Object.keys(lines[0] ?? {}).sort()).toEqual(["deleted", "level", "msg", "service", "time"]);
    expect(Object.entries(lines[0]?.deleted ?? {}).filter(([, count]) => count !== 0)).toEqual([["sign_ups", 1]]);
  });
});
