import {
  ContactChannel,
  type ListOutboxMessagesRequest,
  type ListOutboxMessagesResponse,
  type ListSecurityEventsRequest,
  type ListSecurityEventsResponse,
  type UnlockAccountRequest,
  type UnlockAccountResponse,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, FailedPreconditionError, idempotencyKey, InvalidArgumentError, parseRequest, requirePrincipal, resourceId } from "@wallet/service-kit";
import { normaliseEmail, normalisePhone } from "@wallet/pii-crypto";
import { z } from "zod";
import { unlockAccount } from "../domain/security/account-unlock";
import { type IdentityDeps } from "../server";

const eventsRequest = z.object({
  userId: z.string().max(80),
  type: z.string().max(40),
  from: z.date().optional(),
  to: z.date().optional(),
  pageSize: z.number().int().min(0).max(500),
  pageToken: z.string().max(200),
});

/** Page tokens are "<epoch ms>.<event id>" of the last event returned (stable order: time desc, id). */
function parsePageToken(token: string): { at: Date; id: string } | undefined {
  if (!token) return undefined;
  const match = /^(\d+)\.(sev_[a-z0-9]+)$/.exec(token);
  if (!match) throw InvalidArgumentError.field("page_token", "is not a token we issued");
  return { at: new Date(Number(match[1])), id: match[2]! };
}

export function listSecurityEventsHandler(deps: IdentityDeps) {
  return async (message: ListSecurityEventsRequest): Promise<ListSecurityEventsResponse> => {
    const input = parseRequest(eventsRequest, message);
    const pageSize = input.pageSize || 100;
    const events = await deps.context.events.list({
      userId: input.userId, type: input.type, from: input.from, to: input.to, pageSize, after: parsePageToken(input.pageToken),
    });
    const last = events.at(-1);
    return {
      events: events.map((event) => ({ eventId: event._id, userId: event.userId, type: event.type, reason: event.reason, at: event.at, traceId: event.traceId, facts: event.facts ?? {} })),
      nextPageToken: events.length === pageSize && last ? `${last.at.getTime()}.${last._id}` : "",
    };
  };
}

export function listOutboxMessagesHandler(deps: IdentityDeps) {
  return async (message: ListOutboxMessagesRequest): Promise<ListOutboxMessagesResponse> => {
    if (!deps.outbox) throw new FailedPreconditionError("OUTBOX_DISABLED", "this deployment does not use the development sender");
    const input = parseRequest(z.object({
      channel: z.union([z.literal(ContactChannel.CONTACT_CHANNEL_EMAIL), z.literal(ContactChannel.CONTACT_CHANNEL_PHONE)], { error: "must be EMAIL or PHONE" }),
      recipient: z.string().min(1).max(254),
      limit: z.number().int().min(0).max(100),
    }), message);
    const email = input.channel === ContactChannel.CONTACT_CHANNEL_EMAIL;
    const messages = await deps.outbox.read(email ? "email" : "sms", email ? normaliseEmail(input.recipient) : normalisePhone(input.recipient), input.limit || 20);
    return { messages: messages.map((outboxMessage) => ({ messageId: outboxMessage.messageId, template: outboxMessage.template, body: outboxMessage.body, createdAt: outboxMessage.createdAt })) };
  };
}

const unlockRequest = z.object({
  userId: resourceId,
  // Kept in the security event: a case reference, never a name, email or phone.
  ticket: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, - or _ (a case reference, no personal data)"),
  idempotencyKey,
});

export function unlockAccountHandler(deps: IdentityDeps) {
  return async (message: UnlockAccountRequest, call: CallContext): Promise<UnlockAccountResponse> => {
    const input = parseRequest(unlockRequest, message);
    return unlockAccount(deps.context, { ...input, operator: requirePrincipal(call).callerOperator });
  };
}
