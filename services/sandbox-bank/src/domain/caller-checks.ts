import { timingSafeEqual } from "node:crypto";
import { type Interceptor, PermissionDeniedError, SERVICE_ASSERTION_HEADER, type TrustedServices, UnauthenticatedError } from "@wallet/service-kit";

/** The only wallet operator service the bank deals with; consents and authentications are its. */
export const WALLET_OPERATOR = "bank-link";

/**
 * The bank's own door: only the wallet operator's bank-link service, proven by its signed
 * service assertion (and mutual TLS in production), may call the wallet-facing API.
 */
export function walletOperatorOnly(trusted: TrustedServices): Interceptor {
  return async (call, request, next) => {
    const assertion = call.metadata.get(SERVICE_ASSERTION_HEADER)[0];
    if (typeof assertion !== "string" || !assertion) throw new UnauthenticatedError("SERVICE_ASSERTION_MISSING", "the bank API needs the operator's service assertion");
    const caller = await trusted.verify(assertion, "sandbox-bank");
    if (caller !== WALLET_OPERATOR) throw new PermissionDeniedError("CALLER_NOT_ALLOWED", "only the operator's bank-link service may call the bank");
    return next(request);
  };
}

/** Staff tools present the administrator token. */
export function staffOnly(adminToken: string): Interceptor {
  const expected = Buffer.from(adminToken);
  return async (call, request, next) => {
    const presented = call.metadata.get("x-sandbox-admin-token")[0];
    const given = Buffer.from(typeof presented === "string" ? presented : "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthenticatedError("ADMIN_TOKEN_INVALID", "the staff API needs the administrator token");
    }
    return next(request);
  };
}

/**
 * The customer's door: the report code in the bank's notice is the credential, checked by the
 * handler (a MAC the bank made for one consent), so the door itself lets the call through.
 */
export const reportCodeHolders: Interceptor = (_call, request, next) => next(request);

/** Picks the door by service: the wallet-facing API and the staff API have different callers. */
export function bankDoors(doors: Readonly<Record<string, Interceptor>>): Interceptor {
  return (call, request, next) => {
    const service = call.method.slice(1, call.method.lastIndexOf("/"));
    const door = doors[service];
    if (!door) throw new PermissionDeniedError("NO_DOOR", "this API is closed");
    return door(call, request, next);
  };
}
