import { type ListOutboxMessagesRequest, type ListOutboxMessagesResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { normalisePhone } from "@wallet/pii-crypto";
import { FailedPreconditionError, parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { type SandboxBankDeps } from "../server";

const outboxRequest = z.object({
  phone: z.string().transform(normalisePhone).pipe(z.string().regex(/^\+[1-9]\d{7,14}$/, "must be an E.164 phone number")),
  limit: z.number().int().min(0).max(100),
});

/** What the bank's development sender "delivered" to a phone: the tests' and demo's handset. */
export function listOutboxMessagesHandler(deps: SandboxBankDeps) {
  return async (request: ListOutboxMessagesRequest): Promise<ListOutboxMessagesResponse> => {
    if (!deps.outbox) throw new FailedPreconditionError("OUTBOX_DISABLED", "this bank does not use the development sender");
    const input = parseRequest(outboxRequest, request);
    const messages = await deps.outbox.read("sms", input.phone, input.limit || 20);
    return { messages: messages.map((message) => ({ messageId: message.messageId, template: message.template, body: message.body, createdAt: message.createdAt })) };
  };
}
