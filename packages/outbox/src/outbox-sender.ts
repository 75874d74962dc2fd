import { randomBytes } from "node:crypto";
import { type BlindIndex, type FieldCipher } from "@wallet/pii-crypto";
import { type Connection, Schema } from "mongoose";
import { type Channel, type OutgoingMessage, type Sender } from "./sender";

export interface OutboxDocument {
  _id: string;
  channel: Channel;
  /** Blind index of the recipient: find a person's messages without storing who they are. */
  recipientIndex: string;
  recipientEncrypted: string;
  template: string;
  /** The text, codes and links included: encrypted like the recipient (a code is a secret). */
  bodyEncrypted: string;
  /** Only in messages written before texts were encrypted (a developer's long-lived local store). */
  body?: string;
  createdAt: Date;
}

export interface OutboxMessage {
  messageId: string;
  channel: Channel;
  template: string;
  body: string;
  createdAt: Date;
}

export function outboxModel(connection: Connection) {
  return connection.model<OutboxDocument>("OutboxMessage", new Schema<OutboxDocument>({
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    recipientIndex: { type: String, required: true },
    recipientEncrypted: { type: String, required: true },
    template: { type: String, required: true },
    bodyEncrypted: { type: String, required: true },
    createdAt: { type: Date, required: true },
  }, { versionKey: false, collection: "outbox" })
    .index({ recipientIndex: 1, createdAt: -1 }, { name: "outbox_by_recipient" })
    .index({ createdAt: 1 }, { name: "outbox_by_age" }));
}

type OutboxModel = ReturnType<typeof outboxModel>;

/**
 * The development sender: each message becomes a document in the owning service's outbox (the
 * recipient and the text encrypted, the recipient found by its blind index), which tests and
 * walletctl read in place of a phone or a mailbox. The outbox is the simulated device, not a log;
 * what a store backup or a database reader sees of it is ciphertext, since the text carries
 * one-time codes and the bank's not-me links.
 */
export class OutboxSender implements Sender {
  constructor(private readonly model: OutboxModel, private readonly cipher: FieldCipher, private readonly index: BlindIndex) {}

  async send(message: OutgoingMessage): Promise<void> {
    const id = `msg_${randomBytes(12).toString("base64url")}`;
    await this.model.create({
      _id: id,
      channel: message.channel,
      recipientIndex: this.index.of(`outbox:${message.channel}`, message.to),
      recipientEncrypted: this.cipher.encrypt(message.to, `outbox:${id}`),
      template: message.template,
      bodyEncrypted: this.cipher.encrypt(message.body, `outbox:${id}:body`),
      createdAt: new Date(),
    });
  }

  /** Deletes the messages written before `before`; tells how many went. */
  async sweep(before: Date): Promise<number> {
    const { deletedCount } = await this.model.deleteMany({ createdAt: { $lt: before } });
    return deletedCount;
  }

  /** Messages to one recipient, newest first. */
  async read(channel: Channel, recipient: string, limit = 20): Promise<OutboxMessage[]> {
    const documents = await this.model
      .find({ recipientIndex: this.index.of(`outbox:${channel}`, recipient) })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean();
    return documents.map((document) => ({
      messageId: document._id,
      channel: document.channel,
      template: document.template,
      body: document.bodyEncrypted ? this.cipher.decrypt(document.bodyEncrypted, `outbox:${document._id}:body`) : (document.body ?? ""),
      createdAt: document.createdAt,
    }));
  }
}
