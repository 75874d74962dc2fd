import { randomBytes } from "node:crypto";
import { FieldCipher } from "@wallet/pii-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyRing } from "../src/domain/sessions/signing-keys";
import { type IdentityModels } from "../src/store/models";
import { type IdentityTestStore, openIdentityStore } from "./support/identity-store";

let store: IdentityTestStore;
let models: IdentityModels;
const cipher = new FieldCipher({ k1: randomBytes(32).toString("base64") }, "k1");

beforeAll(async () => {
  store = await openIdentityStore("keyring");
  models = store.models;
});
afterAll(async () => {
  await store?.close();
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
