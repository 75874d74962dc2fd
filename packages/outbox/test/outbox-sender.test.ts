import { randomBytes } from "node:crypto";
import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { BlindIndex, FieldCipher } from "@wallet/pii-crypto";
import { connectStore, ensureIndexes } from "@wallet/store-kit";
import { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@wallet/service-kit";
import { outboxModel, OutboxSender } from "../src/outbox-sender";
import { keepOutboxFor } from "../src/retention";

let connection: Connection;
let sender: OutboxSender;
const key = randomBytes(32).toString("base64");

beforeAll(async () => {
  connection = await connectStore({ uri: testStoreUri(), database: uniqueDatabaseName("outbox"), poolSize: 5 });
  const model = outboxModel(connection);
  await ensureIndexes(connection);
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

  it("still reads a message a local store kept from before texts were encrypted", async () => {
    const recipientIndex = new BlindIndex(key).of("outbox:email", "old@example.test");
    await connection.collection<Record<string, unknown> & { _id: string }>("outbox").insertOne({ _id: "msg_legacy", channel: "email", recipientIndex, recipientEncrypted: "v1.k1.x.y", template: "welcome", body: "Welcome back", createdAt: new Date() });
    expect((await sender.read("email", "old@example.test")).map((message) => message.body)).toEqual(["Welcome back"]);
  });

  it("keeps the text encrypted at rest, bound to its message", async () => {
    await sender.send({ channel: "sms", to: "+819055556666", template: "login_code", body: "Your code is 482913" });
    const [message] = await sender.read("sms", "+819055556666");
    expect(message?.body).toBe("Your code is 482913");
    const raw = await connection.collection<{ _id: string; bodyEncrypted: string }>("outbox").find().toArray();
    expect(JSON.stringify(raw)).not.toContain("482913");
    // A body moved onto another message fails to decrypt instead of reading as that message's.
    const [other] = await sender.read("sms", "+819011112222");
    const copied = raw.find((document) => document._id === message!.messageId)!.bodyEncrypted;
    await connection.collection<{ _id: string }>("outbox").updateOne({ _id: other!.messageId }, { $set: { bodyEncrypted: copied } });
    await expect(sender.read("sms", "+819011112222")).rejects.toThrow(/unable to authenticate|undecryptable/);
  });

  it("forgets the messages older than its retention, and keeps the rest", async () => {
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60_000);
    for (const [body, age] of [["a week and a day old", 8 * 24], ["six days old", 6 * 24], ["new", 0]] as const) {
      await sender.send({ channel: "sms", to: "+819088889999", template: "login_code", body });
      const [newest] = await sender.read("sms", "+819088889999", 1);
      await connection.collection("outbox").updateOne({ _id: newest!.messageId as never }, { $set: { createdAt: hoursAgo(age) } });
    }
    const lines: string[] = [];
    const logger = createLogger("outbox-test", "info", { write: (line: string) => void lines.push(line) });
    const stop = keepOutboxFor(sender, 7 * 24, logger);
    await stop(); // the first sweep runs at once, and stop waits for it
    expect((await sender.read("sms", "+819088889999")).map((message) => message.body)).toEqual(["new", "six days old"]);
    const swept = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line["msg"] === "outbox messages past their retention deleted");
    expect(swept).toMatchObject({ messages: 1, retention_hours: 168 });
    // What the messages said, and to whom, never reaches the log.
    expect(lines.join("")).not.toMatch(/a week and a day old|819088889999/);
  });
});
