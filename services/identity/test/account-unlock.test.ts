import { normaliseEmail } from "@wallet/pii-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IdentityContext } from "../src/domain/context";
import { hashPassword } from "../src/domain/credentials/passwords";
import { unlockAccount } from "../src/domain/security/account-unlock";
import { ACCOUNT_POLICY, AccountLocked, accountThrottleKey, secondFactorThrottleKey } from "../src/domain/security/login-throttle";
import { login } from "../src/domain/sessions/login";
import { identityTestContext } from "./support/identity-context";
import { type IdentityTestStore, openIdentityStore } from "./support/identity-store";

let store: IdentityTestStore;
let context: IdentityContext;
let now = new Date("2026-11-25T00:00:00Z");
const email = "locked.out@example.test";
const password = "correct horse battery staple";
const userId = "usr_lockedout";
let emailIndex: string;

beforeAll(async () => {
  store = await openIdentityStore("account_unlock", 10);
  ({ context } = await identityTestContext(store.models, () => now));
  emailIndex = context.index.of("email", normaliseEmail(email));
  await store.models.users.create({
    _id: userId, emailIndex, emailEncrypted: "-", emailConfirmedAt: now, phoneIndex: "phone_lockedout", phoneEncrypted: "-",
    phoneConfirmedAt: now, passwordHash: await hashPassword(password), ial: 1, createdAt: now,
  });
});
afterAll(async () => {
  await store?.close();
});

const signIn = () => login(context, { email, password, source: "203.0.113.7" });

/** 100 consecutive failures on a key, an hour apart (no delay is owed): the next attempt locks it. */
async function failHundredTimes(key: string): Promise<void> {
  for (let failure = 0; failure < 100; failure++) {
    now = new Date(now.getTime() + 3_600_000);
    await context.throttle.admit([{ key, policy: ACCOUNT_POLICY }]);
  }
  now = new Date(now.getTime() + 3_600_000);
}

async function lockPasswordAndSecondFactor(): Promise<void> {
  await failHundredTimes(accountThrottleKey(emailIndex));
  // Even the right password is refused now, and the user is marked locked.
  await expect(signIn()).rejects.toBeInstanceOf(AccountLocked);
  await failHundredTimes(secondFactorThrottleKey(userId));
  await expect(context.throttle.admit([{ key: secondFactorThrottleKey(userId), policy: ACCOUNT_POLICY }])).rejects.toBeInstanceOf(AccountLocked);
  expect((await store.models.users.findById(userId).lean())?.lockedAt).toBeInstanceOf(Date);
}

const unlockEvents = async () => (await context.events.list({ userId, type: "ACCOUNT_UNLOCKED", from: undefined, to: undefined, pageSize: 10, after: undefined }));

describe("an operator unlocking an account", () => {
  it("lifts the password's and the second factor's lock, after revoking every session, and records who did it for which case", async () => {
    const before = [await context.sessions.open(userId, 1), await context.sessions.open(userId, 1)];
    expect(before).toHaveLength(2);
    await lockPasswordAndSecondFactor();

    expect(await unlockAccount(context, { userId, ticket: "CASE-1042", idempotencyKey: "unlock-case-1042", operator: "support-desk" }))
      .toEqual({ wasLocked: true, sessionsRevoked: 2 });

    const sessions = await store.models.sessions.find({ userId }).lean();
    expect(sessions.map((session) => session.revokedReason)).toEqual(["ACCOUNT_UNLOCKED", "ACCOUNT_UNLOCKED"]);
    expect((await store.models.users.findById(userId).lean())?.lockedAt).toBeNull();
    await expect(signIn()).resolves.toMatchObject({ tokens: { aal: 1 } });
    await expect(context.throttle.admit([{ key: secondFactorThrottleKey(userId), policy: ACCOUNT_POLICY }])).resolves.toBeUndefined();
    await context.throttle.succeeded([secondFactorThrottleKey(userId)]); // as a verified factor does
    expect((await unlockEvents()).map((event) => event.facts)).toEqual([{ operator: "support-desk", ticket: "CASE-1042", was_locked: "true", sessions_revoked: "2" }]);
  }, 180_000);

  it("replays a retried unlock, refuses its key for another case, and never lifts a later lock with an old request", async () => {
    const retried = await unlockAccount(context, { userId, ticket: "CASE-1042", idempotencyKey: "unlock-case-1042", operator: "support-desk" });
    expect(retried).toEqual({ wasLocked: true, sessionsRevoked: 2 });
    expect(await unlockEvents()).toHaveLength(1);
    await expect(unlockAccount(context, { userId, ticket: "CASE-2000", idempotencyKey: "unlock-case-1042", operator: "support-desk" }))
      .rejects.toMatchObject({ reason: "IDEMPOTENCY_KEY_REUSED" });

    await lockPasswordAndSecondFactor();
    await unlockAccount(context, { userId, ticket: "CASE-1042", idempotencyKey: "unlock-case-1042", operator: "support-desk" });
    await expect(signIn()).rejects.toBeInstanceOf(AccountLocked);
    // The key is the operator's own: another operator's same key is another request.
    expect(await unlockAccount(context, { userId, ticket: "CASE-1077", idempotencyKey: "unlock-case-1042", operator: "fraud-desk" }))
      .toMatchObject({ wasLocked: true });
    await expect(signIn()).resolves.toMatchObject({ tokens: { aal: 1 } });
    await expect(unlockAccount(context, { userId: "usr_nobody", ticket: "CASE-1", idempotencyKey: "unlock-nobody", operator: "support-desk" }))
      .rejects.toMatchObject({ kind: "not_found" });
  }, 180_000);
});
