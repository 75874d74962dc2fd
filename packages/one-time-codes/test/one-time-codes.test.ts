import { randomBytes } from "node:crypto";
import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { connectStore, ensureIndexes } from "@wallet/store-kit";
import { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { challengeModels } from "../src/models";
import { OneTimeCodes } from "../src/one-time-codes";

let connection: Connection;
let codes: OneTimeCodes;
let now = new Date("2026-11-25T00:00:00Z");

beforeAll(async () => {
  connection = await connectStore({ uri: testStoreUri(), database: uniqueDatabaseName("otp"), poolSize: 10 });
  const models = challengeModels(connection);
  await ensureIndexes(connection);
  codes = new OneTimeCodes(models, randomBytes(32).toString("base64"), () => now);
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

const wrong = (code: string) => (code === "000000" ? "000001" : "000000");

describe("one-time codes", () => {
  it("accepts the right code once and stores only its keyed hash", async () => {
    const issued = await codes.issue({ purpose: "login_sms", subject: "usr_1", lifetimeMs: 300_000 });
    const stored = await connection.collection("otp_challenges").findOne({ _id: issued.challengeId as never });
    expect(JSON.stringify(stored)).not.toContain(issued.code);
    expect(await codes.verify({ challengeId: issued.challengeId, code: issued.code, purpose: "login_sms" })).toMatchObject({ ok: true });
    expect(await codes.verify({ challengeId: issued.challengeId, code: issued.code, purpose: "login_sms" })).toMatchObject({ ok: false, reason: "ALREADY_USED" });
  });

  it("dies after five wrong codes, even when they arrive at once, and then refuses the right one", async () => {
    const issued = await codes.issue({ purpose: "step_up", subject: "usr_1", lifetimeMs: 300_000 });
    const guesses = await Promise.all(Array.from({ length: 8 }, () => codes.verify({ challengeId: issued.challengeId, code: wrong(issued.code), purpose: "step_up" })));
    expect(guesses.filter((guess) => !guess.ok && guess.reason === "INVALID_CODE")).toHaveLength(4);
    expect(await codes.verify({ challengeId: issued.challengeId, code: issued.code, purpose: "step_up" })).toMatchObject({ ok: false, reason: "TOO_MANY_ATTEMPTS" });
  });

  it("expires, never later than ten minutes", async () => {
    const issued = await codes.issue({ purpose: "login_sms", subject: "usr_1", lifetimeMs: 3_600_000 });
    expect(issued.expiresAt.getTime() - now.getTime()).toBe(600_000);
    now = new Date(now.getTime() + 600_001);
    expect(await codes.verify({ challengeId: issued.challengeId, code: issued.code, purpose: "login_sms" })).toMatchObject({ ok: false, reason: "EXPIRED" });
  });

  it("belongs to its purpose and subject", async () => {
    const issued = await codes.issue({ purpose: "login_sms", subject: "usr_1", lifetimeMs: 60_000 });
    expect(await codes.verify({ challengeId: issued.challengeId, code: issued.code, purpose: "step_up" })).toMatchObject({ ok: false, reason: "NOT_FOUND" });
    expect(await codes.verify({ challengeId: issued.challengeId, code: issued.code, purpose: "login_sms", subject: "usr_2" })).toMatchObject({ ok: false, reason: "NOT_FOUND" });
  });
});
