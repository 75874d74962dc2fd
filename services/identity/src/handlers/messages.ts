import { type Tokens } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type CallContext } from "@wallet/service-kit";
import { z } from "zod";
import { type IssuedTokens } from "../domain/sessions/sessions";

export function tokensMessage(tokens: IssuedTokens): Tokens {
  return { accessToken: tokens.accessToken, accessTokenExpiresAt: tokens.accessTokenExpiresAt, refreshToken: tokens.refreshToken, aal: tokens.aal };
}

/** The caller's address: the edge proxy's x-forwarded-for when trusted, else the TCP peer. */
export function clientAddress(call: CallContext, trustForwardedFor: boolean): string {
  const forwarded = call.metadata.get("x-forwarded-for")[0];
  if (trustForwardedFor && typeof forwarded === "string" && forwarded) return forwarded.split(",")[0]!.trim();
  return call.peer.replace(/:\d+$/, "");
}

export const oneTimeCode = z.string().regex(/^\d{6}$/, "must be the 6-digit code");
export const email = z.email("must be an email address").max(254);
export const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 phone number such as +819012345678");
export const opaqueId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, "must be an identifier we issued");
