import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import type mongoose from "mongoose";
import { type Connection, Schema } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Chain, type ChainEventEnvelope, IdempotencyMismatch } from "../src/chain";
import { connectStore, ensureIndexes } from "../src/connect";
import { insertIfAbsent } from "../src/unique-insert";

interface BalanceEvent extends ChainEventEnvelope {
  accountId: string;
  amount: bigint;
  balance: bigint;
}
interface BalanceState { seq: number; balance: bigint }

let connection: Connection;
let events: mongoose.Model<BalanceEvent>;
let claims: mongoose.Model<{ _id: string; by: string }>;

beforeAll(async () => {
  connection = await connectStore({ uri: testStoreUri(), database: uniqueDatabaseName("storekit"), poolSize: 20 });
  events = connection.model<BalanceEvent>("BalanceEvent", new Schema<BalanceEvent>({
    _id: String, accountId: String, seq: Number, opKey: String, request: Schema.Types.Mixed,
    amount: Schema.Types.BigInt, balance: Schema.Types.BigInt,
  }, { versionKey: false, collection: "balance_events" }).index({ opKey: 1 }, { unique: true, name: "op_key" }));
  claims = connection.model<{ _id: string; by: string }>("Claim", new Schema({ _id: String, by: String }, { versionKey: false, collection: "claims" }));
  await ensureIndexes(connection);
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

/** A chain over one account whose balance never goes below zero; each instance is a "process". */
function balanceChain(opening: bigint, rememberedEvents = 100) {
  return new Chain<BalanceState, bigint, BalanceEvent>({
    rememberedEvents,
    model: events,
    chainField: "accountId",
    initialState: () => Promise.resolve({ seq: 0, balance: opening }),
    stateOf: (event) => ({ seq: event.seq, balance: BigInt(event.balance) }),
    apply: (previous, _id, amount) => ({ seq: previous.seq + 1, balance: previous.balance + amount }),
    body: (accountId, amount, state) => ({ accountId, amount, balance: state.balance }),
  });
}

function debit(chain: ReturnType<typeof balanceChain>, accountId: string, key: string, amount = 1n) {
  return chain.append({
    chainId: accountId,
    opKey: `${accountId}:${key}`,
    request: { amount: amount.toString() },
    decide: (head) => {
      if (head.balance < amount) throw new Error("insufficient funds");
      return -amount;
    },
  });
}

describe("chain: one writer per position, decided against the exact state", () => {
  it("lets exactly 100 of 200 concurrent debits through from two writers, never below zero", async () => {
    const writers = [balanceChain(100n), balanceChain(100n)];
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, index) => debit(writers[index % 2]!, "acc_race", `debit-${index}`)));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(100);
    const chain = await events.find({ accountId: "acc_race" }).sort({ seq: 1 }).lean();
    expect(chain.map((event) => event.seq)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    expect(chain.every((event) => BigInt(event.balance) >= 0n)).toBe(true);
    expect(BigInt(chain.at(-1)!.balance)).toBe(0n);
  });

  it("replays an operation once and refuses its key with other parameters", async () => {
    const chain = balanceChain(10n);
    const first = await debit(chain, "acc_replay", "pay-1", 7n);
    const again = await debit(balanceChain(10n), "acc_replay", "pay-1", 7n);
    expect(again).toMatchObject({ replayed: true, event: { _id: first.event._id } });
    await expect(debit(chain, "acc_replay", "pay-1", 8n)).rejects.toBeInstanceOf(IdempotencyMismatch);
    // The replay is answered even though the same debit would now be refused (balance 3).
    expect((await debit(chain, "acc_replay", "pay-1", 7n)).replayed).toBe(true);
  });

  it("admits exactly one of many concurrent claims on a unique key", async () => {
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, index) => insertIfAbsent(claims, { _id: "claim-1", by: `writer-${index}` })));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });
});

describe("chain: a cached head never refuses on its own", () => {
  it("re-decides a refusal on the store's head when another process moved the chain on", async () => {
    const [first, second] = [balanceChain(0n), balanceChain(0n)];
    await expect(debit(first, "acc_stale", "too-early", 5n)).rejects.toThrow("insufficient funds");
    // The other process credits the account; the first one's cached head still says 0.
    await second.append({ chainId: "acc_stale", opKey: "acc_stale:credit", request: {}, decide: () => 10n });
    await expect(debit(first, "acc_stale", "now-affordable", 5n)).resolves.toMatchObject({ replayed: false });
  });

  it("finds an event it wrote or read without the store, and asks the store for one it has not seen", async () => {
    const [writer, reader] = [balanceChain(10n), balanceChain(10n)];
    expect(await reader.findByOpKey("acc_found:first")).toBeUndefined();
    await debit(writer, "acc_found", "first");
    // Not found a moment ago is not remembered: the other process's event is read.
    expect(await reader.findByOpKey("acc_found:first")).toMatchObject({ seq: 1, opKey: "acc_found:first" });
    await events.deleteMany({ accountId: "acc_found" });
    // Events never change, so both keep answering for it (the deletion only stands in for "no store read").
    expect(await writer.findByOpKey("acc_found:first")).toMatchObject({ seq: 1 });
    expect(await reader.findByOpKey("acc_found:first")).toMatchObject({ seq: 1 });
    expect(await balanceChain(10n).findByOpKey("acc_found:first")).toBeUndefined();
    // A chain that keeps no events reads the store every time.
    const forgetful = balanceChain(10n, 0);
    await debit(forgetful, "acc_unkept", "first");
    await events.deleteMany({ accountId: "acc_unkept" });
    expect(await forgetful.findByOpKey("acc_unkept:first")).toBeUndefined();
  });
});

interface TallyEvent extends ChainEventEnvelope {
  key: string;
  count: number;
  at: Date;
}

describe("chain pruning: only the head is needed, and no stale writer forks the chain", () => {
  let tallies: mongoose.Model<TallyEvent>;
  const clock = { now: new Date("2026-11-26T00:00:00Z") };
  const later = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  beforeAll(async () => {
    tallies = connection.model<TallyEvent>("TallyEvent", new Schema<TallyEvent>({
      _id: String, key: String, seq: Number, opKey: String, request: Schema.Types.Mixed, count: Number, at: Date,
    }, { versionKey: false, collection: "tally_events" }).index({ opKey: 1 }, { unique: true, name: "tally_op_key" }));
    await ensureIndexes(connection);
  });

  /** A count per key; each instance is a "process" with its own cached heads. */
  const tallyChain = () => new Chain<{ seq: number; count: number }, null, TallyEvent>({
    model: tallies,
    chainField: "key",
    initialState: () => Promise.resolve({ seq: 0, count: 0 }),
    stateOf: (event) => ({ seq: event.seq, count: event.count }),
    apply: (previous) => ({ seq: previous.seq + 1, count: previous.count + 1 }),
    body: (key, _change, state, at) => ({ key, count: state.count, at }),
    prune: { timeField: "at", afterMs: 10_000, everyAppends: 5 },
    clock: () => clock.now,
  });
  const count = (chain: ReturnType<typeof tallyChain>, key: string) => chain.append({ chainId: key, opKey: `${key}:${String(Math.random())}`, request: {}, decide: () => null });
  const seqsOf = async (key: string) => (await tallies.find({ key }).sort({ seq: 1 }).lean()).map((event) => event.seq);

  it("deletes the events behind the head once past the retention, and keeps counting from the head", async () => {
    const chain = tallyChain();
    for (let index = 0; index < 12; index++) {
      await count(chain, "tally_a");
      later(1_000);
    }
    // Seq 5 and 10 looked behind them, but nothing was 10 s old yet.
    expect(await seqsOf("tally_a")).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    later(60_000);
    for (let index = 0; index < 3; index++) await count(chain, "tally_a");
    expect(await seqsOf("tally_a")).toEqual([13, 14, 15]);
    expect((await count(tallyChain(), "tally_a")).event).toMatchObject({ seq: 16, count: 16 });
  });

  it("has a process whose cached head is older than half the retention read the head again, instead of writing into a pruned position", async () => {
    const [stale, busy] = [tallyChain(), tallyChain()];
    await count(stale, "tally_b"); // caches head 1
    for (let index = 0; index < 19; index++) {
      later(1_000);
      await count(busy, "tally_b");
    }
    // At seq 20 the busy process deleted seqs 1-9 (older than 10 s); seq 2 is free again.
    expect((await seqsOf("tally_b"))[0]).toBe(10);
    later(1_000);
    expect((await count(stale, "tally_b")).event).toMatchObject({ seq: 21, count: 21 });
    expect(await tallies.countDocuments({ key: "tally_b", seq: { $lt: 10 } })).toBe(0);
  });
});
