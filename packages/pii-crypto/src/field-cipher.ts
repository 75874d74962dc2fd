import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM encryption of single fields. Each ciphertext names the key that made it
 * ("v1.<key id>.<iv>.<ciphertext+tag>"), so keys can be rotated: new writes use the active key,
 * old values stay readable while their key is configured. The context (for example
 * "users:<id>:email") is authenticated as associated data, so a ciphertext moved to another
 * record or field fails to decrypt instead of passing for that record's value.
 */
export class FieldCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(keys: Readonly<Record<string, string>>, private readonly activeKeyId: string) {
    this.keys = new Map(Object.entries(keys).map(([id, base64]) => [id, Buffer.from(base64, "base64")]));
    for (const [id, key] of this.keys) {
      if (key.length !== 32) throw new Error(`encryption key ${id} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`encryption key id ${id} must be letters, digits, _ or -`);
    }
    if (!this.keys.has(activeKeyId)) throw new Error(`the active encryption key ${activeKeyId} is not configured`);
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, this.activeKeyId, iv.toString("base64url"), body.toString("base64url")].join(".");
  }

  decrypt(token: string, context: string): string {
    const [version, keyId, ivText, bodyText] = token.split(".");
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (version !== VERSION || !key || !ivText || !bodyText) throw new Error("undecryptable field (unknown format or key)");
    const body = Buffer.from(bodyText, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  }

  /** The key id a ciphertext was made with (to find values still under a retired key). */
  static keyIdOf(token: string): string | undefined {
    return token.split(".")[1];
  }
}
