import { type Tokens } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { z } from "zod";
import { type IssuedTokens } from "../domain/sessions/sessions";

export function tokensMessage(tokens: IssuedTokens): Tokens {
  return { accessToken: tokens.accessToken, accessTokenExpiresAt: tokens.accessTokenExpiresAt, refreshToken: tokens.refreshToken, aal: tokens.aal };
}

/**
 * The caller's address: when the edge proxy is trusted, the last x-forwarded-for entry (the one
 * our proxy appended: anything before it came from the client and could be made up, for example
 * to dodge the per-source login throttle); else the TCP peer.
 */
export function clientAddress(call: { metadata: { get(key: string): unknown[] }; peer: string }, trustForwardedFor: boolean): string {
  const forwarded = call.metadata.get("x-forwarded-for").filter((value): value is string => typeof value === "string");
  const appendedByProxy = forwarded.at(-1)?.split(",").at(-1)?.trim();
  if (trustForwardedFor && appendedByProxy) return appendedByProxy;
  return call.peer.replace(/:\d+$/, "");
}

export const oneTimeCode = z.string().regex(/^\d{6}$/, "must be the 6-digit code");
export const email = z.email("must be an email address").max(254);
export const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 phone number such as +819012345678");
export const opaqueId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, "must be an identifier we issued");
