import { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import { ferretDbBinaryPath } from "../src/ferretdb-install";
import { startFerretDb } from "../src/ferretdb-process";
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
});
