import { randomBytes } from "node:crypto";
import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { BlindIndex, FieldCipher } from "@wallet/pii-crypto";
import { connectStore, ensureIndexes } from "@wallet/store-kit";
import { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxModel, OutboxSender } from "../src/outbox-sender";

let connection: Connection;
let sender: OutboxSender;

beforeAll(async () => {
  connection = await connectStore({ uri: testStoreUri(), database: uniqueDatabaseName("outbox"), poolSize: 5 });
  const model = outboxModel(connection);
  await ensureIndexes(connection);
  const key = randomBytes(32).toString("base64");
  sender = new OutboxSender(model, new FieldCipher({ k1: key }, "k1"), new BlindIndex(key));
});
afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

describe("the outbox sender", () => {
  it("keeps messages per recipient, newest first, without the recipient in clear", async () => {
    await sender.send({ channel: "sms", to: "+819011112222", template: "login_code", body: "first" });
    await sender.send({ channel: "sms", to: "+819011112222", template: "login_code", body: "second" });
    await sender.send({ channel: "sms", to: "+819033334444", template: "login_code", body: "other" });
    const messages = await sender.read("sms", "+819011112222");
    expect(messages.map((message) => message.body)).toEqual(["second", "first"]);
    const raw = await connection.collection("outbox").find().toArray();
    expect(JSON.stringify(raw)).not.toContain("819011112222");
  });
});
