import { MongoClient } from "mongodb";
import { Client as PgClient } from "pg";
import { describe, expect, it } from "vitest";
import { ferretDbBinaryPath } from "../src/ferretdb-install";
import { postgresBaseUrl, startFerretDb } from "../src/ferretdb-process";
import { openLocalStore } from "../src/local-store";

describe("the embedded local store", () => {
  it("keeps the binary in a per-user cache unless FERRETDB_BIN says otherwise", () => {
    expect(ferretDbBinaryPath({ HOME: "/home/dev" })).toBe("/home/dev/.cache/wallet-platform/ferretdb-v1.24.2/ferretdb");
    expect(ferretDbBinaryPath({ FERRETDB_BIN: "/opt/ferretdb" })).toBe("/opt/ferretdb");
  });

  it("uses MONGODB_URI as is when it is set", async () => {
    const store = await openLocalStore({ postgresDatabase: "unused", env: { MONGODB_URI: "mongodb://mongo.example:27017/" } });
    expect(store).toMatchObject({ uri: "mongodb://mongo.example:27017/", embedded: false });
  });

  it("starts FerretDB over PostgreSQL, serves the MongoDB protocol, and stops", async () => {
    const store = await startFerretDb({ postgresDatabase: `wallet_selftest_${process.pid}`, dropOnStop: true });
    const client = new MongoClient(store.uri);
    try {
      const collection = client.db("selftest").collection("things");
      await collection.insertOne({ _id: "a" as never, n: 1 });
      expect(await collection.findOne({ _id: "a" as never })).toMatchObject({ n: 1 });
    } finally {
      await client.close();
      await store.stop();
    }
    await expect(new MongoClient(store.uri, { serverSelectionTimeoutMS: 300 }).db("x").command({ ping: 1 })).rejects.toThrow();
  }, 60_000);

  it("answers equality lookups from an index, not a scan of the whole table", async () => {
    const store = await startFerretDb({ postgresDatabase: `wallet_lookups_${process.pid}`, dropOnStop: true });
    const client = new MongoClient(store.uri);
    try {
      const events = client.db("lookups").collection<{ _id: string; walletId: string; seq: number; opKey: string }>("events");
      await events.createIndex({ walletId: 1, seq: -1 });
      await events.createIndex({ opKey: 1 }, { unique: true });
      await events.insertMany(Array.from({ length: 2_000 }, (_, seq) => ({ _id: `e${seq}`, walletId: `w${seq % 50}`, seq, opKey: `op${seq}` })));
      const planOf = async (filter: Record<string, unknown>) => JSON.stringify((await events.find(filter as never).explain()).queryPlanner);

      for (const filter of [{ _id: "e7" }, { walletId: "w7" }, { opKey: "op7" }, { walletId: "w7", seq: 7 }]) {
        const plan = await planOf(filter);
        expect(plan, JSON.stringify(filter)).toContain("Bitmap Index Scan");
        expect(plan, JSON.stringify(filter)).not.toContain("Seq Scan");
      }
      // A field no index leads with is still scanned: the twin indexes follow the real ones.
      expect(await planOf({ seq: 7 })).toContain("Seq Scan");
      expect(await events.findOne({ walletId: "w7", seq: 7 })).toMatchObject({ _id: "e7" });

      // PostgreSQL publishes a backend's counters within ten seconds.
      const eventsActivity = async () => (await store.tableActivity!()).find((table) => table.database === "lookups" && table.table.startsWith("events"));
      await expect.poll(eventsActivity, { timeout: 15_000, interval: 500 }).toMatchObject({ writes: 2_000 });
      expect((await eventsActivity())!.indexScans).toBeGreaterThan(0);
    } finally {
      await client.close();
      await store.stop();
    }
  }, 60_000);

  it("writes a PostgreSQL checkpoint when asked, and has finished it when the call returns", async () => {
    const store = await startFerretDb({ postgresDatabase: `wallet_checkpoint_${process.pid}`, dropOnStop: true });
    const postgres = new PgClient({ connectionString: `${postgresBaseUrl()}/postgres` });
    await postgres.connect();
    try {
      const lastCheckpoint = async () => (await postgres.query<{ at: Date }>("SELECT checkpoint_time AS at FROM pg_control_checkpoint()")).rows[0]!.at.getTime();
      // A whole second on, so PostgreSQL's own checkpoint at the store's start cannot pass for it.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const asked = Date.now();
      await store.checkpoint!();
      // pg_control keeps whole seconds.
      expect(await lastCheckpoint()).toBeGreaterThanOrEqual(Math.floor(asked / 1000) * 1000);
    } finally {
      await postgres.end();
      await store.stop();
    }
  }, 60_000);
});
