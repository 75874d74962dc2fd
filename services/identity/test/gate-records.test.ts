import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GateRecords } from "../src/domain/gate/gate-records";
import { AccessChangeFeed } from "../src/domain/gate/access-change-feed";
import { SecurityEvents } from "../src/domain/security/security-events";
import { type AccessTokens } from "../src/domain/sessions/access-tokens";
import { Sessions } from "../src/domain/sessions/sessions";
import { type IdentityModels } from "../src/store/models";
import { type IdentityTestStore, openIdentityStore } from "./support/identity-store";

let store: IdentityTestStore;
let models: IdentityModels;

beforeAll(async () => {
  store = await openIdentityStore("gate_records");
  models = store.models;
});
afterAll(async () => {
  await store?.close();
});

/** One identity replica: its own feed listeners, cache and sessions, on the shared store. */
function replica(options: { pollIntervalMs?: number } = {}) {
  const feed = new AccessChangeFeed(models);
  const records = new GateRecords(models, feed, { cacheTtlMs: 30_000, pollIntervalMs: options.pollIntervalMs ?? 200 });
  // Revoking only writes the session and announces it; no token is issued here.
  const sessions = new Sessions(models, undefined as unknown as AccessTokens, new SecurityEvents(models), feed);
  return { feed, records, sessions };
}

let users = 0;
async function liveSession() {
  users += 1;
  const userId = `usr_records${users}`;
  const sessionId = `ses_records${users}`;
  const now = new Date();
  await models.users.collection.insertOne({ _id: userId as never, ial: 2, lockedAt: null });
  await models.sessions.create({ _id: sessionId, userId, aal: 2, authenticatedAt: now, lastSeenAt: now, createdAt: now, revokedAt: null, revokedReason: "" });
  return { userId, sessionId };
}

async function cachedAfterTwoReads(records: GateRecords, sessionId: string, userId: string) {
  await records.read(sessionId, userId);
  return records.read(sessionId, userId);
}

describe("the gate's cache of live session records", () => {
  it("serves a live session from the cache once the feed has been read, never before", async () => {
    const { records } = replica();
    const { userId, sessionId } = await liveSession();
    expect((await cachedAfterTwoReads(records, sessionId, userId)).cached).toBe(false);
    await records.poll();
    const read = await cachedAfterTwoReads(records, sessionId, userId);
    expect(read).toMatchObject({ cached: true, session: { userId, revokedAt: null }, user: { ial: 2, lockedAt: null } });
    // Another user's token naming this session is not answered from it.
    expect((await records.read(sessionId, "usr_someone_else")).cached).toBe(false);
  });

  it("drops a session at once on the replica that revokes it, and on another replica at its next poll", async () => {
    const [first, second] = [replica(), replica()];
    await Promise.all([first.records.poll(), second.records.poll()]);
    const { userId, sessionId } = await liveSession();
    expect((await cachedAfterTwoReads(first.records, sessionId, userId)).cached).toBe(true);
    expect((await cachedAfterTwoReads(second.records, sessionId, userId)).cached).toBe(true);

    await first.sessions.revoke(sessionId, "LOGOUT");
    const onFirst = await first.records.read(sessionId, userId);
    expect(onFirst.cached).toBe(false);
    expect(onFirst.session?.revokedAt).toBeInstanceOf(Date);
    // The second replica still holds it: only the feed tells it.
    expect((await second.records.read(sessionId, userId)).cached).toBe(true);
    await second.records.poll();
    const onSecond = await second.records.read(sessionId, userId);
    expect(onSecond.cached).toBe(false);
    expect(onSecond.session?.revokedAt).toBeInstanceOf(Date);
    // A revoked session is never cached, so every later call reads the store.
    expect((await second.records.read(sessionId, userId)).cached).toBe(false);
  });

  it("drops every session of a user that is locked or has all sessions revoked", async () => {
    const [first, second] = [replica(), replica()];
    await Promise.all([first.records.poll(), second.records.poll()]);
    const locked = await liveSession();
    const lockedOther = `${locked.sessionId}_b`;
    const now = new Date();
    await models.sessions.create({ _id: lockedOther, userId: locked.userId, aal: 2, authenticatedAt: now, lastSeenAt: now, createdAt: now, revokedAt: null, revokedReason: "" });
    const revoked = await liveSession();
    for (const [sessionId, userId] of [[locked.sessionId, locked.userId], [lockedOther, locked.userId], [revoked.sessionId, revoked.userId]] as const) {
      expect((await cachedAfterTwoReads(second.records, sessionId, userId)).cached).toBe(true);
    }

    // What login does when the throttle locks an account.
    await models.users.updateOne({ _id: locked.userId }, { $set: { lockedAt: new Date() } });
    await first.feed.announce({ sessionId: "", userId: locked.userId });
    await first.sessions.revokeAll(revoked.userId, "REVOKE_ALL");
    await second.records.poll();

    for (const sessionId of [locked.sessionId, lockedOther]) {
      const read = await second.records.read(sessionId, locked.userId);
      expect(read.cached).toBe(false);
      expect(read.user?.lockedAt).toBeInstanceOf(Date);
    }
    const read = await second.records.read(revoked.sessionId, revoked.userId);
    expect(read.cached).toBe(false);
    expect(read.session?.revokedAt).toBeInstanceOf(Date);
  });

  it("reads the store for a token whose AAL is above the cached session's: a raise not heard of yet", async () => {
    const { records } = replica();
    await records.poll();
    const { userId, sessionId } = await liveSession();
    await models.sessions.updateOne({ _id: sessionId }, { $set: { aal: 1 } });
    expect((await cachedAfterTwoReads(records, sessionId, userId)).cached).toBe(true);
    // Raised on another replica, whose announcement has not been read here yet.
    await models.sessions.updateOne({ _id: sessionId }, { $set: { aal: 2 } });
    expect(await records.read(sessionId, userId, { tokenAal: 1 })).toMatchObject({ cached: true, session: { aal: 1 } });
    expect(await records.read(sessionId, userId, { tokenAal: 2 })).toMatchObject({ cached: false, session: { aal: 2 } });
  });

  it("does not cache a read that a revocation overtook", async () => {
    const { records, feed } = replica();
    await records.poll();
    const { userId, sessionId } = await liveSession();
    const overtaken = records.read(sessionId, userId);
    // Announced while the read is in flight: what it returns may predate the revocation.
    const announced = feed.announce({ sessionId, userId: "" });
    await Promise.all([overtaken, announced]);
    expect((await records.read(sessionId, userId)).cached).toBe(false);
  });

  it("stops answering from the cache when the feed has not been read for a while (fails closed)", async () => {
    const { records } = replica({ pollIntervalMs: 50 });
    await records.poll();
    const { userId, sessionId } = await liveSession();
    expect((await cachedAfterTwoReads(records, sessionId, userId)).cached).toBe(true);
    // Five poll intervals, at least a second, without a successful read of the feed.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await records.read(sessionId, userId)).cached).toBe(false);
    await records.poll();
    expect((await records.read(sessionId, userId)).cached).toBe(true);
  });

  it("following the feed, applies another replica's revocation within a few poll intervals", async () => {
    const [first, second] = [replica(), replica({ pollIntervalMs: 100 })];
    await first.records.poll();
    const stop = second.records.follow((error) => {
      throw error;
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const { userId, sessionId } = await liveSession();
      expect((await cachedAfterTwoReads(second.records, sessionId, userId)).cached).toBe(true);
      await first.sessions.revoke(sessionId, "LOGOUT");
      const revokedAt = Date.now();
      let lagMs = Number.POSITIVE_INFINITY;
      while (Date.now() - revokedAt < 5_000) {
        const read = await second.records.read(sessionId, userId);
        if (read.session?.revokedAt) {
          lagMs = Date.now() - revokedAt;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // One poll interval plus the poll's own read, with room for a loaded machine.
      expect(lagMs).toBeLessThan(2_000);
    } finally {
      stop();
    }
  });
});
