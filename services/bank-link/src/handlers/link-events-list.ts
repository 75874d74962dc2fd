import { type ListLinkEventsRequest, type ListLinkEventsResponse } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { InvalidArgumentError, parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { type BankLinkDeps } from "../server";

const eventsRequest = z.object({
  userId: z.string().max(80),
  linkId: z.string().max(80),
  pageSize: z.number().int().min(0).max(500),
  pageToken: z.string().max(200),
});

/** Page tokens are "<epoch ms>.<event id>" of the last event returned. */
function parsePageToken(token: string): { at: Date; id: string } | undefined {
  if (!token) return undefined;
  const match = /^(\d+)\.(lev_[a-z0-9]+)$/.exec(token);
  if (!match) throw InvalidArgumentError.field("page_token", "is not a token we issued");
  return { at: new Date(Number(match[1])), id: match[2]! };
}

export function listLinkEventsHandler(deps: BankLinkDeps) {
  return async (request: ListLinkEventsRequest): Promise<ListLinkEventsResponse> => {
    const input = parseRequest(eventsRequest, request);
    const pageSize = input.pageSize || 100;
    const events = await deps.context.events.list({ userId: input.userId, linkId: input.linkId, pageSize, after: parsePageToken(input.pageToken) });
    const last = events.at(-1);
    return {
      events: events.map((event) => ({
        eventId: event._id, userId: event.userId, linkId: event.linkId, type: event.type, reason: event.reason,
        bankCode: event.bankCode, accountLast4: event.accountLast4, at: event.at, traceId: event.traceId,
      })),
      nextPageToken: events.length === pageSize && last ? `${last.at.getTime()}.${last._id}` : "",
    };
  };
}
