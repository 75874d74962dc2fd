import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, AccountLocked, AttemptThrottled, LoginThrottle, requiredDelayMs, SOURCE_POLICY } from "../src/domain/security/login-throttle";
import { type IdentityTestStore, openIdentityStore } from "./support/identity-store";

let store: IdentityTestStore;
let now = new Date("2026-11-25T00:00:00Z");
let throttle: LoginThrottle;

beforeAll(async () => {
  store = await openIdentityStore("throttle", 10);
  throttle = new LoginThrottle(store.models, () => now);
});
afterAll(async () => {
  await store?.close();
});

describe("login throttling (NIST SP 800-63B 5.2.2)", () => {
  it("grows the delay after the free failures", () => {
    expect([4, 5, 6, 7, 20].map((failures) => requiredDelayMs(ACCOUNT_POLICY, failures))).toEqual([0, 1_000, 2_000, 4_000, 3_600_000]);
    expect(requiredDelayMs(SOURCE_POLICY, 19)).toBe(0);
  });

  it("refuses an attempt made before the delay is over, and admits it after", async () => {
    const key = [{ key: "account:delay", policy: ACCOUNT_POLICY }];
    for (let attempt = 0; attempt < 5; attempt++) await throttle.admit(key);
    await expect(throttle.admit(key)).rejects.toBeInstanceOf(AttemptThrottled);
    now = new Date(now.getTime() + 1_001);
    await expect(throttle.admit(key)).resolves.toBeUndefined();
    await throttle.succeeded(["account:delay"]);
    await expect(throttle.admit(key)).resolves.toBeUndefined();
  });

  it("locks an account after exactly 100 consecutive failures, counting concurrent attempts exactly", async () => {
    const key = [{ key: "account:lock", policy: ACCOUNT_POLICY }];
    await Promise.all(Array.from({ length: 5 }, () => throttle.admit(key)));
    for (let failure = 5; failure < 100; failure++) {
      now = new Date(now.getTime() + 3_600_000);
      await throttle.admit(key);
    }
    now = new Date(now.getTime() + 3_600_000);
    await expect(throttle.admit(key)).rejects.toBeInstanceOf(AccountLocked);
    now = new Date(now.getTime() + 24 * 3_600_000);
    await expect(throttle.admit(key)).rejects.toBeInstanceOf(AccountLocked);
    // 102 attempts an hour apart: what is behind the head and a day old is gone, the lock is not.
    const kept = await store.models.throttleEvents.find({ key: "account:lock" }).sort({ seq: 1 }).lean();
    expect(kept.length).toBeLessThan(30);
    expect(kept.at(-1)).toMatchObject({ seq: 102, locked: true });
  }, 120_000);

  it("never locks a source address", async () => {
    const key = [{ key: "source:lock", policy: { ...SOURCE_POLICY, freeFailures: 0 } }];
    for (let failure = 0; failure < 105; failure++) {
      now = new Date(now.getTime() + 3_600_000);
      await throttle.admit(key);
    }
  }, 120_000);

  it("lets a success from a shared address take back only its own attempt, and forgets the address's failures after a day", async () => {
    const source = [{ key: "source:shared", policy: SOURCE_POLICY }];
    // Twenty failed guesses from one address, then the guesser signs in to their own account.
    for (let guess = 0; guess < 20; guess++) await throttle.admit(source);
    now = new Date(now.getTime() + 1_001);
    await throttle.admit(source);
    await throttle.forgiven(["source:shared"]);
    // The address still owes the delay of its twenty failures.
    await expect(throttle.admit(source)).rejects.toBeInstanceOf(AttemptThrottled);
    now = new Date(now.getTime() + 24 * 3_600_000);
    for (let attempt = 0; attempt < 20; attempt++) await throttle.admit(source);
  });
});
