import { randomBytes } from "node:crypto";
import { BlindIndex } from "@wallet/pii-crypto";
import { NotFoundError } from "@wallet/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PayeeDirectory } from "../src/domain/contacts/payee-directory";
import { type IdentityContext } from "../src/domain/context";
import { AccessChangeFeed } from "../src/domain/gate/access-change-feed";
import { GateRecords } from "../src/domain/gate/gate-records";
import { type IdentityModels } from "../src/store/models";
import { type IdentityTestStore, openIdentityStore } from "./support/identity-store";

let store: IdentityTestStore;
let models: IdentityModels;
const index = new BlindIndex(randomBytes(32).toString("base64"));

beforeAll(async () => {
  store = await openIdentityStore("payee_directory");
  models = store.models;
});
afterAll(async () => {
  await store?.close();
});

/** One identity replica's payee directory, following the shared access-change feed. */
function replica(cacheTtlMs = 30_000) {
  const feed = new AccessChangeFeed(models);
  const records = new GateRecords(models, feed, { cacheTtlMs, pollIntervalMs: 200 });
  const context = { models, index } as unknown as IdentityContext;
  return { feed, records, payees: new PayeeDirectory(context, records, { cacheTtlMs }) };
}

let users = 0;
/** A signed-up user holding a handle (and a phone number), as sign-up leaves them. */
async function payee(options: { handleOnUser?: boolean } = {}) {
  users += 1;
  const userId = `usr_payee${users}`;
  const handle = `payee_${users}`;
  const phoneIndex = index.of("phone", `+8190000${String(users).padStart(4, "0")}`);
  await models.users.collection.insertOne({ _id: userId as never, ial: 1, lockedAt: null, handle: options.handleOnUser === false ? "" : handle });
  await models.handleClaims.create({ _id: handle, holder: userId, at: new Date() });
  await models.phoneClaims.create({ _id: phoneIndex, holder: userId, at: new Date() });
  return { userId, handle, phone: `+8190000${String(users).padStart(4, "0")}` };
}

/** Takes the handle's claim out of the store: only a cached entry can still answer for it. */
const forgetClaim = (handle: string) => models.handleClaims.deleteOne({ _id: handle });

describe("the payee directory (payees by handle, cached per replica)", () => {
  it("answers a handle it found from memory once the feed is read, and from the store before", async () => {
    const { records, payees } = replica();
    const { userId, handle } = await payee();
    // The feed not read yet: found in the store, not kept.
    expect(await payees.resolve({ handle })).toEqual({ userId, handle });
    await records.poll();
    expect(await payees.resolve({ handle: handle.toUpperCase() })).toEqual({ userId, handle });
    await forgetClaim(handle);
    expect(await payees.resolve({ handle })).toEqual({ userId, handle });
  });

  it("reads the store for every lookup when its TTL is 0", async () => {
    const { records, payees } = replica(0);
    await records.poll();
    const { handle } = await payee();
    await payees.resolve({ handle });
    await forgetClaim(handle);
    await expect(payees.resolve({ handle })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("stops answering for a user locked on another replica at its next poll of the feed", async () => {
    const [locking, paying] = [replica(), replica()];
    await paying.records.poll();
    const { userId, handle } = await payee();
    await paying.payees.resolve({ handle });
    // The lock as login writes it: the user first, then the announcement.
    await models.users.updateOne({ _id: userId }, { $set: { lockedAt: new Date() } });
    await locking.feed.announce({ sessionId: "", userId });
    expect(await paying.payees.resolve({ handle })).toEqual({ userId, handle });
    await paying.records.poll();
    await expect(paying.payees.resolve({ handle })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("does not answer from memory while the feed has gone unread for several polls", async () => {
    const { records, payees } = replica();
    await records.poll();
    const { handle } = await payee();
    await payees.resolve({ handle });
    await forgetClaim(handle);
    // The feed was last read more than five polls (1 s) ago: fail closed, read the store.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expect(payees.resolve({ handle })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps neither a handle whose sign-up has not finished nor any phone number", async () => {
    const { records, payees } = replica();
    await records.poll();
    const unfinished = await payee({ handleOnUser: false });
    await payees.resolve({ handle: unfinished.handle });
    await forgetClaim(unfinished.handle);
    await expect(payees.resolve({ handle: unfinished.handle })).rejects.toBeInstanceOf(NotFoundError);

    const { userId, phone } = await payee();
    expect((await payees.resolve({ phone })).userId).toBe(userId);
    await models.phoneClaims.deleteOne({ holder: userId });
    await expect(payees.resolve({ phone })).rejects.toBeInstanceOf(NotFoundError);
  });
});
