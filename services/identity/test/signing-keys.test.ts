import { randomBytes } from "node:crypto";
import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { FieldCipher } from "@wallet/pii-crypto";
import { connectStore, ensureIndexes } from "@wallet/store-kit";
import { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyRing } from "../src/domain/sessions/signing-keys";
import { identityModels, type IdentityModels } from "../src/store/models";

let connection: Connection;
let models: IdentityModels;
const cipher = new FieldCipher({ k1: randomBytes(32).toString("base64") }, "k1");

beforeAll(async () => {
  connection = await connectStore({ uri: testStoreUri(), database: uniqueDatabaseName("keyring"), poolSize: 5 });
  models = identityModels(connection);
  await ensureIndexes(connection);
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

describe("the signing key ring", () => {
  it("keeps the newest key active when two replicas rotate at once, so no rotation is ever needed to recover", async () => {
    const [first, second] = [new KeyRing(models, cipher), new KeyRing(models, cipher)];
    await Promise.all([first.load(), second.load()]);
    const made = await models.signingKeys.countDocuments();
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      await Promise.all([first.rotate(), second.rotate()]);
      await Promise.all([first.load(), second.load()]);
      const active = (await models.signingKeys.find({ retiredAt: null }, { _id: 1 }).lean()).map((key) => key._id);
      expect(active).toContain(first.active().kid);
      expect(active).toContain(second.active().kid);
    }
    // Two keys a round and no more: had two rotations retired each other's key, the next load
    // would have found none active and made another.
    expect(await models.signingKeys.countDocuments()).toBe(made + 2 * rounds);
  });
});
