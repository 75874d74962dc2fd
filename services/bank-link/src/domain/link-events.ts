import { newId } from "@wallet/service-kit";
import { currentTraceId } from "@wallet/telemetry";
import { type LinkEventDocument } from "../store/link-event.model";
import { type BankLinkModels } from "../store/models";

export type LinkEventType =
  | "LINK_ATTEMPT_THROTTLED" | "HOLDER_MISMATCH" | "ACCOUNT_ALREADY_LINKED" | "LINK_LIMIT_REACHED" | "LINK_STARTED"
  | "BANK_AUTHENTICATION_FAILED" | "LINK_FAILED" | "LINK_ACTIVATED" | "LINK_UNLINKED" | "LINK_SUSPENDED"
  | "LINK_REPORTED_UNRECOGNIZED" | "DEBIT_REFUSED" | "CREDIT_REFUSED" | "NOTICE_FAILED" | "CONSENT_REVOCATION_PENDING" | "TRANSFER_CANCELLED";

export interface LinkEventInput {
  userId: string;
  linkId?: string;
  reason?: string;
  bankCode?: string;
  accountLast4?: string;
  /** Non-personal facts only: scores, counts, limits, ids. */
  facts?: Record<string, string>;
}

export interface LinkEventQuery {
  userId: string;
  linkId: string;
  pageSize: number;
  after: { at: Date; id: string } | undefined;
}

/** The append-only log of link attempts and outcomes the fraud team reads (ListLinkEvents). */
export class LinkEvents {
  constructor(private readonly models: BankLinkModels, private readonly clock: () => Date) {}

  async record(type: LinkEventType, input: LinkEventInput): Promise<void> {
    await this.models.linkEvents.create({
      _id: newId("lev"),
      userId: input.userId,
      linkId: input.linkId ?? "",
      type,
      reason: input.reason ?? "",
      bankCode: input.bankCode ?? "",
      accountLast4: input.accountLast4 ?? "",
      facts: input.facts ?? {},
      traceId: currentTraceId(),
      at: this.clock(),
    });
  }

  /** Newest first, then by id, continuing after a page's last event. */
  async list(query: LinkEventQuery): Promise<LinkEventDocument[]> {
    const filter: Record<string, unknown> = {};
    if (query.userId) filter["userId"] = query.userId;
    if (query.linkId) filter["linkId"] = query.linkId;
    if (query.after) filter["$or"] = [{ at: { $lt: query.after.at } }, { at: query.after.at, _id: { $gt: query.after.id } }];
    return this.models.linkEvents.find(filter).sort({ at: -1, _id: 1 }).limit(query.pageSize).lean();
  }
}
