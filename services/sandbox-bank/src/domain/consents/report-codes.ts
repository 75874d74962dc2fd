import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The code in the bank's "your account was linked" notice that lets the customer report "this
 * was not me": the consent id and a MAC over it under the bank's key. Nothing is stored, any
 * notice can be re-sent with the same code, and a code cannot be forged or moved to another
 * consent.
 */
export class ReportCodes {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error("the report code key must be at least 32 bytes");
  }

  codeFor(consentId: string): string {
    return `${consentId}.${this.mac(consentId)}`;
  }

  /** The consent a code reports, or undefined for anything the bank did not issue. */
  consentOf(code: string): string | undefined {
    const dot = code.lastIndexOf(".");
    if (dot <= 0) return undefined;
    const consentId = code.slice(0, dot);
    const presented = Buffer.from(code.slice(dot + 1));
    const expected = Buffer.from(this.mac(consentId));
    return presented.length === expected.length && timingSafeEqual(presented, expected) ? consentId : undefined;
  }

  private mac(consentId: string): string {
    // 128 bits: unguessable, and short enough for a link in a text message.
    return createHmac("sha256", this.key).update(`report\u0000${consentId}`).digest().subarray(0, 16).toString("base64url");
  }
}
