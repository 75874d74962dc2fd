import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { connectStore, ensureIndexes } from "@wallet/store-kit";
import { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttemptThrottle, LinkAttemptsThrottled } from "../src/domain/policy/attempt-throttle";
import { bankLinkModels, type BankLinkModels } from "../src/store/models";

let connection: Connection;
let models: BankLinkModels;
let now = new Date("2026-11-26T00:00:00Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  connection = await connectStore({ uri: testStoreUri(), database: uniqueDatabaseName("attempts"), poolSize: 5 });
  models = bankLinkModels(connection);
  await ensureIndexes(connection);
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

describe("link attempts per key, in a sliding window", () => {
  it("refuses the attempt past the limit inside the window, and admits again once it slid", async () => {
    const throttle = new AttemptThrottle(models, HOUR, () => now);
    const key = [{ key: "user:usr_window", limit: 3 }];
    for (let attempt = 0; attempt < 3; attempt++) await throttle.admit(key);
    await expect(throttle.admit(key)).rejects.toBeInstanceOf(LinkAttemptsThrottled);
    now = new Date(now.getTime() + HOUR + 1);
    await expect(throttle.admit(key)).resolves.toBeUndefined();
  });

  it("keeps a key's head, holding the window, and forgets the attempts behind it once a day old", async () => {
    const throttle = new AttemptThrottle(models, HOUR, () => now);
    const key = [{ key: "account:fp_busy", limit: 3 }];
    // Five days of an attempt every two hours: 60 attempts, the last 12 inside a day.
    for (let attempt = 0; attempt < 60; attempt++) {
      now = new Date(now.getTime() + 2 * HOUR);
      await throttle.admit(key);
    }
    const kept = await models.attempts.find({ key: "account:fp_busy" }).sort({ seq: 1 }).lean();
    expect(kept.map((event) => event.seq)).toEqual(Array.from({ length: 13 }, (_, index) => 48 + index));
    // The window is whole in the head: two more fit, the third is refused.
    await throttle.admit(key);
    await throttle.admit(key);
    await expect(throttle.admit(key)).rejects.toBeInstanceOf(LinkAttemptsThrottled);
  });
});
