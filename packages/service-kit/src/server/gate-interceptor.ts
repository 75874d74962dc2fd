import { type GatePolicy } from "@wallet/contracts";
import { Caller, type Requirement } from "@wallet/contracts/wallet/gate/v1/requirement";
import { Decision, type AuthorizeResponse } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { businessCounter, inSpan, WalletAttributes } from "@wallet/telemetry";
import {
  DomainError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
  UnavailableError,
} from "../errors/domain-errors";
import { readRequestField } from "./request-fields";
import { type Interceptor } from "./interceptor";
import { type CallContext } from "./call-context";

export const AUTHORIZATION_HEADER = "authorization";
export const SERVICE_ASSERTION_HEADER = "x-wallet-service-assertion";
export const STEP_UP_PROOF_HEADER = "x-wallet-step-up-proof";
/** The operation grant a service forwards with the user's token (see identity's OperationGrants). */
export const GRANT_HEADER = "x-wallet-grant";

/** What the gate asks identity for every call. */
export interface GateQuery {
  accessToken: string;
  serviceAssertion: string;
  action: string;
  requirement: Requirement;
  resourceOwner: string;
  operation: Record<string, string>;
  stepUpProof: string;
  /** The operation grant forwarded with the call, if any. */
  grant: string;
}

/** identity.Authorize, over gRPC for the other services and in-process inside identity. */
export interface Authorizer {
  authorize(query: GateQuery): Promise<AuthorizeResponse>;
}

/** Finds the owner (a user id) of the resource a request names; undefined if it does not exist. */
export type OwnerResolver = (resourceId: string) => Promise<string | undefined>;

export interface GateOptions {
  policy: GatePolicy;
  authorizer: Authorizer;
  /** One resolver per owner field a requirement of this service names, e.g. "wallet_id". */
  ownerResolvers?: Readonly<Record<string, OwnerResolver>>;
}

/**
 * Every decision the gate takes, by decision (ALLOW, DENY, STEP_UP_REQUIRED, or UNAVAILABLE when
 * identity could not be asked) and reason code (NONE for an ALLOW). Counted by the service whose
 * gate decided; public RPCs (CALLER_ANYONE) involve no decision and are not counted.
 */
const gateDecisions = businessCounter("wallet.gate.decisions", "Decisions of the identity gate, by decision and reason", "{decision}");

function countDecision(decision: string, reason: string): void {
  gateDecisions.add({ decision, reason: reason || "NONE" });
}

/** How long identity's ALLOW for a pure service call is reused, at most (see ServiceDecisionCache). */
const SERVICE_DECISION_TTL_MS = 30_000;

/**
 * Identity's ALLOW for a pure service call (a service-only RPC with no user requirement, called
 * without a user token) depends only on the signed service assertion and the action. It is
 * reused for that exact assertion for up to 30 s (and never past the assertion's expiry), and
 * concurrent calls that find no decision yet share one question; every other call — with a
 * user token, an owner, a level or a step-up — asks identity every time.
 */
class ServiceDecisionCache {
  private readonly entries = new Map<string, { response: AuthorizeResponse; until: number }>();
  /** Questions to identity under way: concurrent misses (after a restart, a new assertion) ask once. */
  private readonly asking = new Map<string, Promise<AuthorizeResponse>>();

  /** The answer to the question another call is already asking identity under this key, if any. */
  pending(key: string): Promise<AuthorizeResponse> | undefined {
    return this.asking.get(key);
  }

  /** Asks identity once for every call that arrives with the same key while the question is open. */
  ask(key: string, question: () => Promise<AuthorizeResponse>): Promise<AuthorizeResponse> {
    const asked = question().finally(() => this.asking.delete(key));
    this.asking.set(key, asked);
    return asked;
  }

  get(key: string): AuthorizeResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > Date.now()) return entry.response;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, response: AuthorizeResponse, assertion: string): void {
    const payload = JSON.parse(Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: number };
    const until = Math.min(Date.now() + SERVICE_DECISION_TTL_MS, (payload.exp ?? 0) * 1000 - 5_000);
    if (until <= Date.now()) return;
    if (this.entries.size > 1_000) this.entries.clear();
    this.entries.set(key, { response, until });
  }
}

// Decisions about the credential itself are UNAUTHENTICATED (present a valid token); the rest
// are PERMISSION_DENIED (the principal is known and not allowed).
const CREDENTIAL_REASONS = new Set([
  "TOKEN_MISSING", "TOKEN_INVALID", "TOKEN_EXPIRED", "SESSION_REVOKED", "REAUTHENTICATION_REQUIRED",
  "SERVICE_ASSERTION_MISSING", "SERVICE_ASSERTION_INVALID",
]);

/**
 * The gate: every call of a gated service passes here before its handler. The RPC's requirement
 * comes from its contract; identity decides. It fails closed: no declared requirement, no owner
 * resolver, or an unreachable identity service all mean the call is refused.
 */
export function gateInterceptor(options: GateOptions): Interceptor {
  const serviceDecisions = new ServiceDecisionCache();
  return async (call, request, next) => {
    const requirement = options.policy.get(call.method);
    if (requirement?.caller === Caller.CALLER_ANYONE) return next(request);
    const decision = await decide(call, request, requirement).catch((error: unknown) => {
      // Refused before identity answered: a local rule, an unknown resource, or no gate at all.
      if (error instanceof DomainError) countDecision(error.reason === "GATE_UNAVAILABLE" ? "UNAVAILABLE" : "DENY", error.reason);
      throw error;
    });
    countDecision((Decision[decision.decision] ?? "DECISION_UNSPECIFIED").replace(/^DECISION_/, ""), decision.reason);
    return enforce(call, request, next, decision);
  };

  async function decide(call: CallContext, request: unknown, requirement: Requirement | undefined): Promise<AuthorizeResponse> {
    if (!requirement || requirement.caller === Caller.CALLER_UNSPECIFIED) {
      throw new PermissionDeniedError("NO_REQUIREMENT_DECLARED", "this RPC declares no gate requirement");
    }
    // Service-only RPCs refuse a caller without any service assertion before anything else,
    // so a user probing them learns nothing (not even whether a resource exists).
    if ((requirement.caller === Caller.CALLER_SERVICE || requirement.caller === Caller.CALLER_OPERATOR) && !header(call, SERVICE_ASSERTION_HEADER)) {
      throw new PermissionDeniedError(requirement.caller === Caller.CALLER_SERVICE ? "SERVICE_ASSERTION_MISSING" : "OPERATOR_REQUIRED", "this RPC is not for end users");
    }

    // The span covers all the gate's work, resolving the resource's owner included.
    return inSpan("gate.authorize", { [WalletAttributes.gateAction]: call.method }, async (span) => {
      const query: GateQuery = {
        accessToken: bearerToken(call),
        serviceAssertion: header(call, SERVICE_ASSERTION_HEADER),
        action: call.method,
        requirement,
        resourceOwner: await resolveOwner(requirement, request, options.ownerResolvers ?? {}),
        operation: boundOperation(requirement, request),
        stepUpProof: header(call, STEP_UP_PROOF_HEADER),
        grant: header(call, GRANT_HEADER),
      };
      const pureServiceCall = requirement.caller === Caller.CALLER_SERVICE && !query.accessToken && !requirement.ownerField
        && Number(requirement.minIal) === 0 && Number(requirement.minAal) === 0 && requirement.bindFields.length === 0;
      const cacheKey = `${call.method}\u0000${query.serviceAssertion}`;
      const cached = pureServiceCall ? serviceDecisions.get(cacheKey) ?? serviceDecisions.pending(cacheKey) : undefined;
      let response: AuthorizeResponse;
      if (cached) {
        response = await cached;
      } else if (pureServiceCall) {
        response = await serviceDecisions.ask(cacheKey, () => askIdentity(options.authorizer, query));
        if (response.decision === Decision.DECISION_ALLOW) serviceDecisions.set(cacheKey, response, query.serviceAssertion);
      } else {
        response = await askIdentity(options.authorizer, query);
      }
      span.setAttribute("wallet.gate.cached", cached !== undefined);
      span.setAttributes({
        [WalletAttributes.gateDecision]: Decision[response.decision] ?? String(response.decision),
        [WalletAttributes.gateReason]: response.reason,
        [WalletAttributes.gateIal]: response.ial,
        [WalletAttributes.gateAal]: response.aal,
        [WalletAttributes.gateCaller]: response.callerService,
      });
      return response;
    });
  }
}

/** Acts on identity's answer: the principal for the handler, or the refusal as a status. */
function enforce(call: CallContext, request: unknown, next: (request: unknown) => Promise<unknown>, decision: AuthorizeResponse): Promise<unknown> {
  switch (decision.decision) {
    case Decision.DECISION_ALLOW:
      call.principal = {
        subject: decision.subject,
        ial: decision.ial,
        aal: decision.aal,
        sessionId: decision.sessionId,
        callerService: decision.callerService,
        accessToken: bearerToken(call),
        callerOperator: decision.callerOperator,
        stepUpVerified: decision.stepUpVerified,
        grant: decision.grant,
      };
      return next(request);
    case Decision.DECISION_STEP_UP_REQUIRED:
      throw new PermissionDeniedError("STEP_UP_REQUIRED", "this operation needs a step-up proof", {
        challenge_id: decision.challengeId,
      });
    case Decision.DECISION_DENY:
    case Decision.DECISION_UNSPECIFIED:
    default: {
      const reason = decision.reason || "DENIED";
      if (CREDENTIAL_REASONS.has(reason)) throw new UnauthenticatedError(reason, "the call's credentials were refused");
      throw new PermissionDeniedError(reason, "the gate refused this call");
    }
  }
}

async function askIdentity(authorizer: Authorizer, query: GateQuery): Promise<AuthorizeResponse> {
  try {
    return await authorizer.authorize(query);
  } catch (error) {
    if (error instanceof DomainError && error.kind !== "unavailable" && error.kind !== "deadline_exceeded") throw error;
    throw new UnavailableError("GATE_UNAVAILABLE", "the identity gate could not be reached; the call is refused");
  }
}

async function resolveOwner(requirement: Requirement, request: unknown, resolvers: Readonly<Record<string, OwnerResolver>>): Promise<string> {
  if (!requirement.ownerField) return "";
  const resourceId = readRequestField(request, requirement.ownerField);
  if (typeof resourceId !== "string" || resourceId === "") throw InvalidArgumentError.field(requirement.ownerField, "is required");
  const resolver = resolvers[requirement.ownerField];
  if (!resolver) throw new PermissionDeniedError("OWNER_RESOLVER_MISSING", "the service cannot establish the resource owner");
  const owner = await resolver(resourceId);
  if (owner === undefined) throw new NotFoundError(requirement.ownerField.replace(/_id$/, ""));
  return owner;
}

/** The values of a requirement's bind_fields in a request: what a step-up proof must match. */
export function boundOperation(requirement: Requirement, request: unknown): Record<string, string> {
  return Object.fromEntries(requirement.bindFields.map((field) => [field, operationValue(readRequestField(request, field))]));
}

/** A bound field's value as text; only scalars are bound (amounts, ids, codes). */
function operationValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "bigint":
    case "boolean":
      return String(value);
    default:
      return value === undefined || value === null ? "" : JSON.stringify(value);
  }
}

function bearerToken(call: CallContext): string {
  const value = header(call, AUTHORIZATION_HEADER);
  return value.toLowerCase().startsWith("bearer ") ? value.slice(7).trim() : "";
}

function header(call: CallContext, name: string): string {
  const value = call.metadata.get(name)[0];
  return typeof value === "string" ? value : "";
}
