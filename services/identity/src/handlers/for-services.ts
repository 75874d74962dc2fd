import {
  type GetProfileResponse,
  type GetProofedNameRequest,
  type GetProofedNameResponse,
  type NotifyUserRequest,
  type NotifyUserResponse,
  type ResolvePayeeRequest,
  type ResolvePayeeResponse,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext, idempotencyKey, InvalidArgumentError, parseRequest, PermissionDeniedError, requirePrincipal } from "@wallet/service-kit";
import { z } from "zod";
import { notifyUser } from "../domain/contacts/notify";
import { profileOf, proofedNameOf } from "../domain/contacts/profile";
import { admitPayeeLookup } from "../domain/security/send-throttle";
import { type IdentityDeps } from "../server";
import { opaqueId, phone } from "./messages";

export function getProfileHandler(deps: IdentityDeps) {
  return async (_message: unknown, call: CallContext): Promise<GetProfileResponse> => {
    const principal = requirePrincipal(call);
    return { ...(await profileOf(deps.context, principal.subject)), aal: principal.aal };
  };
}

export function getProofedNameHandler(deps: IdentityDeps) {
  return async (message: GetProofedNameRequest, call: CallContext): Promise<GetProofedNameResponse> => {
    const { userId } = parseRequest(z.object({ userId: opaqueId }), message);
    // Bank-link may read the proofed name of the user it acts for, and of no one else.
    if (userId !== requirePrincipal(call).subject) throw new PermissionDeniedError("NOT_RESOURCE_OWNER", "only the acting user's own name");
    return proofedNameOf(deps.context, userId);
  };
}

const notifyRequest = z.object({
  userId: opaqueId,
  template: z.string().regex(/^[a-z_]{1,40}$/, "must be a notice template name"),
  values: z.record(z.string().max(40), z.string().max(80)),
  idempotencyKey,
});

export function notifyUserHandler(deps: IdentityDeps) {
  return async (message: NotifyUserRequest, call: CallContext): Promise<NotifyUserResponse> => {
    const input = parseRequest(notifyRequest, message);
    await notifyUser(deps.context, { ...input, callerService: requirePrincipal(call).callerService });
    return {};
  };
}

export function resolvePayeeHandler(deps: IdentityDeps) {
  return async (message: ResolvePayeeRequest, call: CallContext): Promise<ResolvePayeeResponse> => {
    if (message.handle !== undefined) {
      const { handle } = parseRequest(z.object({ handle: z.string().regex(/^@?[a-z0-9_]{3,20}$/, "must be a handle") }), { handle: message.handle });
      return deps.payees.resolve({ handle: handle.replace(/^@/, "") });
    }
    if (message.phone !== undefined) {
      const input = parseRequest(z.object({ phone }), { phone: message.phone });
      // A found phone number tells the payer that its owner uses the wallet: lookups are rationed.
      await admitPayeeLookup(deps.context, requirePrincipal(call).subject);
      return deps.payees.resolve(input);
    }
    throw InvalidArgumentError.field("payee", "give a handle or a phone number");
  };
}
