import { createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { insertIfAbsent } from "@wallet/store-kit";
import { type ChallengeDocument, type ChallengeModels } from "./models";

export const MAX_ATTEMPTS = 5;
export const MAX_LIFETIME_MS = 10 * 60_000;

export interface IssueRequest {
  purpose: string;
  subject: string;
  binding?: string;
  /** At most ten minutes. */
  lifetimeMs: number;
}

export interface IssuedCode {
  challengeId: string;
  /** Hand it to a sender; never log it, never store it. */
  code: string;
  expiresAt: Date;
}

export type VerifyOutcome =
  | { ok: true; challenge: ChallengeDocument }
  | { ok: false; reason: "NOT_FOUND" | "EXPIRED" | "INVALID_CODE" | "TOO_MANY_ATTEMPTS" | "ALREADY_USED"; attemptsLeft: number };

export interface VerifyRequest {
  challengeId: string;
  code: string;
  purpose: string;
  /** When set, the challenge must belong to this subject. */
  subject?: string;
}

/**
 * Six-digit one-time codes. A verification first claims one of five attempt slots (so five
 * wrong tries kill the code, however many arrive at once), then compares keyed hashes in
 * constant time, then claims the single use.
 */
export class OneTimeCodes {
  private readonly key: Buffer;

  constructor(private readonly models: ChallengeModels, hashKeyBase64: string, private readonly clock: () => Date = () => new Date()) {
    this.key = Buffer.from(hashKeyBase64, "base64");
  }

  async issue(request: IssueRequest): Promise<IssuedCode> {
    const challengeId = `chl_${randomBytes(16).toString("base64url")}`;
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + Math.min(request.lifetimeMs, MAX_LIFETIME_MS));
    await this.models.challenges.create({
      _id: challengeId,
      purpose: request.purpose,
      subject: request.subject,
      binding: request.binding ?? "",
      codeHash: this.hash(challengeId, code),
      expiresAt,
      createdAt: now,
    });
    return { challengeId, code, expiresAt };
  }

  async find(challengeId: string): Promise<ChallengeDocument | undefined> {
    return (await this.models.challenges.findById(challengeId).lean()) ?? undefined;
  }

  async verify(request: VerifyRequest): Promise<VerifyOutcome> {
    const challenge = await this.find(request.challengeId);
    if (!challenge || challenge.purpose !== request.purpose || (request.subject !== undefined && challenge.subject !== request.subject)) {
      return { ok: false, reason: "NOT_FOUND", attemptsLeft: 0 };
    }
    if (challenge.expiresAt.getTime() <= this.clock().getTime()) return { ok: false, reason: "EXPIRED", attemptsLeft: 0 };

    const attempt = await this.claimAttempt(challenge._id);
    if (attempt === undefined) return { ok: false, reason: "TOO_MANY_ATTEMPTS", attemptsLeft: 0 };
    const attemptsLeft = MAX_ATTEMPTS - attempt;
    const presented = Buffer.from(this.hash(challenge._id, request.code), "base64url");
    const expected = Buffer.from(challenge.codeHash, "base64url");
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      return { ok: false, reason: attemptsLeft === 0 ? "TOO_MANY_ATTEMPTS" : "INVALID_CODE", attemptsLeft };
    }
    if (!(await insertIfAbsent(this.models.claims, { _id: `${challenge._id}:used`, challengeId: challenge._id, at: this.clock() }))) {
      return { ok: false, reason: "ALREADY_USED", attemptsLeft };
    }
    return { ok: true, challenge };
  }

  /** Claims the next free attempt slot (1..5); undefined when all five are spent. */
  private async claimAttempt(challengeId: string): Promise<number | undefined> {
    const spent = await this.models.claims.countDocuments({ challengeId, _id: { $ne: `${challengeId}:used` } });
    for (let slot = spent + 1; slot <= MAX_ATTEMPTS; slot++) {
      if (await insertIfAbsent(this.models.claims, { _id: `${challengeId}:try:${slot}`, challengeId, at: this.clock() })) return slot;
    }
    return undefined;
  }

  private hash(challengeId: string, code: string): string {
    return createHmac("sha256", this.key).update(`${challengeId}\u0000${code}`).digest("base64url");
  }
}
