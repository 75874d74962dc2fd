import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BlindIndex } from "../src/blind-index";
import { FieldCipher } from "../src/field-cipher";

const k1 = randomBytes(32).toString("base64");
const k2 = randomBytes(32).toString("base64");

describe("field encryption", () => {
  it("round-trips under the active key and never contains the plaintext", () => {
    const cipher = new FieldCipher({ k1 }, "k1");
    const token = cipher.encrypt("山田 太郎", "users:usr_1:name");
    expect(token).toMatch(/^v1\.k1\./);
    expect(token).not.toContain("山田");
    expect(cipher.decrypt(token, "users:usr_1:name")).toBe("山田 太郎");
  });

  it("refuses a ciphertext moved to another record or field", () => {
    const cipher = new FieldCipher({ k1 }, "k1");
    const token = cipher.encrypt("+819012345678", "users:usr_1:phone");
    expect(() => cipher.decrypt(token, "users:usr_2:phone")).toThrow();
  });

  it("reads values under a retired key after rotation", () => {
    const old = new FieldCipher({ k1 }, "k1").encrypt("taro@example.jp", "ctx");
    const rotated = new FieldCipher({ k1, k2 }, "k2");
    expect(rotated.decrypt(old, "ctx")).toBe("taro@example.jp");
    expect(FieldCipher.keyIdOf(rotated.encrypt("x", "ctx"))).toBe("k2");
  });

  it("indexes equal values alike, per purpose, without the plaintext", () => {
    const index = new BlindIndex(k1);
    expect(index.of("email", "taro@example.jp")).toBe(index.of("email", "taro@example.jp"));
    expect(index.of("email", "taro@example.jp")).not.toBe(index.of("phone", "taro@example.jp"));
    expect(index.of("email", "taro@example.jp")).not.toContain("taro");
  });
});
