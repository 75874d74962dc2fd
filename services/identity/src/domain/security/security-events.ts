import { newId } from "@wallet/service-kit";
import { currentTraceId } from "@wallet/telemetry";
import { type IdentityModels } from "../../store/models";
import { type SecurityEventDocument } from "../../store/security-event.model";

export type SecurityEventType =
  | "SIGN_UP_STARTED" | "SIGN_UP_CONTACT_TAKEN" | "CONTACT_CONFIRMED" | "CONTACT_CONFIRMATION_FAILED" | "USER_CREATED"
  | "LOGIN_SUCCEEDED" | "LOGIN_FAILED" | "LOGIN_THROTTLED" | "ACCOUNT_LOCKED" | "ACCOUNT_UNLOCKED"
  | "SECOND_FACTOR_SUCCEEDED" | "SECOND_FACTOR_FAILED" | "CHALLENGE_EXHAUSTED" | "RECOVERY_CODE_USED" | "TOTP_ENROLLED"
  | "REFRESH_TOKEN_REUSED" | "SESSION_REVOKED" | "SESSIONS_REVOKED" | "REAUTHENTICATION_REQUIRED"
  | "PROOFING_SUBMITTED" | "PROOFING_APPROVED" | "PROOFING_REJECTED" | "DOCUMENT_ALREADY_USED"
  | "STEP_UP_CHALLENGED" | "STEP_UP_CODE_SENT" | "STEP_UP_COMPLETED" | "STEP_UP_FAILED" | "STEP_UP_PROOF_REJECTED"
  | "GATE_DENIED" | "SIGNING_KEY_ROTATED"
  | "SEND_THROTTLED" | "PAYEE_LOOKUP_THROTTLED";

export interface SecurityEventInput {
  userId?: string;
  reason?: string;
  /** Non-personal facts only: actions, levels, counts, ids. */
  facts?: Record<string, string>;
}

export interface SecurityEventQuery {
  userId: string;
  type: string;
  from: Date | undefined;
  to: Date | undefined;
  pageSize: number;
  /** The _id to continue after (events are listed newest first, then by id). */
  after: { at: Date; id: string } | undefined;
}

/** The append-only security event log the fraud team queries by user and time. */
export class SecurityEvents {
  constructor(private readonly models: IdentityModels, private readonly clock: () => Date = () => new Date()) {}

  async record(type: SecurityEventType, input: SecurityEventInput = {}): Promise<void> {
    await this.models.securityEvents.create({
      _id: newId("sev"),
      userId: input.userId ?? "",
      type,
      reason: input.reason ?? "",
      facts: input.facts ?? {},
      traceId: currentTraceId(),
      at: this.clock(),
    });
  }

  async list(query: SecurityEventQuery): Promise<SecurityEventDocument[]> {
    const filter: Record<string, unknown> = {};
    if (query.userId) filter["userId"] = query.userId;
    if (query.type) filter["type"] = query.type;
    const at: Record<string, Date> = {};
    if (query.from) at["$gte"] = query.from;
    if (query.to) at["$lt"] = query.to;
    if (Object.keys(at).length > 0) filter["at"] = at;
    if (query.after) {
      filter["$or"] = [{ at: { $lt: query.after.at } }, { at: query.after.at, _id: { $gt: query.after.id } }];
    }
    return this.models.securityEvents.find(filter).sort({ at: -1, _id: 1 }).limit(query.pageSize).lean();
  }
}
