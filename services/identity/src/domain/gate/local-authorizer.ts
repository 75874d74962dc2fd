import { StepUpPolicy } from "@wallet/contracts/wallet/gate/v1/requirement";
import { type AuthorizeResponse, Decision } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type Authorizer, type GateQuery, type TrustedServices } from "@wallet/service-kit";
import { annotateActiveSpan, WalletAttributes } from "@wallet/telemetry";
import { type IdentityContext } from "../context";
import { type VerifiedToken } from "../sessions/access-tokens";
import { sessionExpired } from "../sessions/sessions";
import { type GateRecords, type GateRecordsRead } from "./gate-records";
import { createStepUpChallenge, spendStepUpProof } from "../step-up/step-up";
import { decide, type GateFacts, type GateOutcome } from "./decide";
import { type OperationGrants } from "./operation-grants";
import { serviceOfAction } from "./service-of-action";

const EMPTY: AuthorizeResponse = {
  decision: Decision.DECISION_UNSPECIFIED, reason: "", subject: "", ial: 0, aal: 0, sessionId: "", callerService: "",
  challengeId: "", stepUpVerified: false, callerOperator: "", grant: "",
};

/**
 * The gate as identity evaluates it: establishes the facts (service or operator assertion,
 * token, session, user) from its own keys and store, applies the rules, then the step-up the
 * requirement asks for. Denials are security events. Other services reach it through the
 * Authorize RPC; identity's own RPCs use it in-process. A call a service makes for an operation
 * the gate has just allowed may carry that operation's grant: its session and user facts are
 * then taken from the grant instead of the store (see OperationGrants).
 */
export class LocalAuthorizer implements Authorizer {
  constructor(
    private readonly context: IdentityContext,
    private readonly records: GateRecords,
    private readonly grants: OperationGrants,
    private readonly trustedServices: TrustedServices,
    private readonly trustedOperators: TrustedServices,
  ) {}

  /**
   * The Authorize RPC: the decision for the calling service, with a grant for the operation
   * when it is an ALLOW for a user.
   */
  async authorizeFor(callingService: string, query: GateQuery): Promise<AuthorizeResponse> {
    const response = await this.authorize(query);
    if (response.decision !== Decision.DECISION_ALLOW || !response.subject || !callingService) return response;
    const grant = await this.grants.issue({
      subject: response.subject, sessionId: response.sessionId, ial: response.ial, aal: response.aal, authorizedService: callingService, action: query.action,
    });
    return { ...response, grant };
  }

  async authorize(query: GateQuery): Promise<AuthorizeResponse> {
    const audience = serviceOfAction(query.action);
    const callerService = query.serviceAssertion && audience ? await this.trustedServices.verify(query.serviceAssertion, audience) : undefined;
    const callerOperator = query.serviceAssertion && audience && !callerService ? await this.trustedOperators.verify(query.serviceAssertion, audience) : undefined;
    const token = await this.context.tokens.verify(query.accessToken);
    const decideOn = (facts: CallFacts) => decide({
      requirement: query.requirement,
      callerService,
      callerOperator,
      assertionPresented: query.serviceAssertion !== "",
      token,
      session: facts.session,
      user: facts.user,
      resourceOwner: query.resourceOwner,
    });
    // This replica's cache first: it hears of a revocation within a poll, a grant only when it
    // expires. The grant spares the store when the cache does not hold the session.
    let facts = this.cachedFacts(token)
      ?? (token.ok && callerService ? await this.grantedFacts(query.grant, token.claims, callerService) : undefined)
      ?? await this.storedFacts(token);
    let outcome = decideOn(facts);
    // A raised level reaches other replicas' caches within a poll of the access-change feed: a
    // cached record that denies may predate it, so the store has the last word on a denial.
    if (outcome.decision === "DENY" && facts.cached) {
      facts = await this.storedFacts(token);
      outcome = decideOn(facts);
    }
    recordFactsSource(facts);
    if (outcome.decision === "ALLOW") await facts.touch?.();

    let stepUpVerified = false;
    let challengeId = "";
    if (outcome.decision === "ALLOW" && outcome.subject && query.requirement.stepUp !== StepUpPolicy.STEP_UP_POLICY_NEVER && query.requirement.stepUp !== StepUpPolicy.STEP_UP_POLICY_UNSPECIFIED) {
      if (query.stepUpProof) {
        const check = await spendStepUpProof(this.context, { userId: outcome.subject, action: query.action, operation: query.operation, proof: query.stepUpProof });
        if (check.ok) stepUpVerified = true;
        else outcome = { decision: "DENY", reason: check.reason };
      } else if (query.requirement.stepUp === StepUpPolicy.STEP_UP_POLICY_ALWAYS) {
        challengeId = await createStepUpChallenge(this.context, { userId: outcome.subject, action: query.action, operation: query.operation, reason: "POLICY" });
      }
    }

    if (challengeId && outcome.decision === "ALLOW") {
      return { ...EMPTY, decision: Decision.DECISION_STEP_UP_REQUIRED, reason: "STEP_UP_REQUIRED", subject: outcome.subject, challengeId, ial: outcome.ial, aal: outcome.aal };
    }
    if (outcome.decision === "ALLOW") return this.allowed(outcome, stepUpVerified);
    await this.context.events.record("GATE_DENIED", {
      userId: token.ok ? token.claims.subject : "",
      reason: outcome.reason,
      facts: { action: query.action, caller_service: callerService ?? "" },
    });
    return { ...EMPTY, decision: Decision.DECISION_DENY, reason: outcome.reason, callerService: callerService ?? "" };
  }

  /**
   * The session and user facts from a grant that fits this call: issued to the service making
   * it, for the user and session of the token it forwards. Anything else (no grant, expired,
   * forged, another service's, another session's) means the facts are read from the store.
   */
  private async grantedFacts(grant: string, token: { subject: string; sessionId: string }, callerService: string): Promise<CallFacts | undefined> {
    const claims = await this.grants.verify(grant);
    if (!claims || claims.authorizedService !== callerService || claims.subject !== token.subject || claims.sessionId !== token.sessionId) return undefined;
    return { session: { aal: claims.aal, revoked: false, expired: false }, user: { ial: claims.ial, locked: false }, fromGrant: true, cached: false };
  }

  /** The session and user facts from this replica's cache of live sessions, if it holds them. */
  private cachedFacts(token: VerifiedToken): CallFacts | undefined {
    const records = token.ok ? this.records.cached(token.claims.sessionId, token.claims.subject, token.claims.aal) : undefined;
    return token.ok && records ? this.factsOf(token, records) : undefined;
  }

  /** The session and user facts read from the store (which refills this replica's cache). */
  private async storedFacts(token: VerifiedToken): Promise<CallFacts> {
    if (!token.ok) return { session: undefined, user: undefined, fromGrant: false, cached: false };
    return this.factsOf(token, await this.records.read(token.claims.sessionId, token.claims.subject, { fresh: true }));
  }

  private factsOf(token: Extract<VerifiedToken, { ok: true }>, { session, user, cached }: GateRecordsRead): CallFacts {
    const sessionMatches = session && session.userId === token.claims.subject;
    return {
      session: sessionMatches ? { aal: session.aal, revoked: session.revokedAt !== null, expired: sessionExpired(session, this.context.clock()) } : undefined,
      user: user ? { ial: user.ial, locked: user.lockedAt !== null } : undefined,
      fromGrant: false,
      cached,
      ...(sessionMatches ? { touch: () => this.touch(session) } : {}),
    };
  }

  private async touch(session: { _id: string; lastSeenAt: Date }): Promise<void> {
    const seenAt = await this.context.sessions.touch(session);
    if (seenAt) this.records.touched(session._id, seenAt);
  }

  private allowed(outcome: Extract<GateOutcome, { decision: "ALLOW" }>, stepUpVerified: boolean): AuthorizeResponse {
    return {
      ...EMPTY,
      decision: Decision.DECISION_ALLOW,
      subject: outcome.subject,
      ial: outcome.ial,
      aal: outcome.aal,
      sessionId: outcome.sessionId,
      callerService: outcome.callerService,
      callerOperator: outcome.callerOperator,
      stepUpVerified,
    };
  }
}

/** What the gate knows of the caller's session and user, and where it learnt it. */
interface CallFacts {
  session: GateFacts["session"];
  user: GateFacts["user"];
  fromGrant: boolean;
  /** Read from this replica's cache of live sessions rather than the store. */
  cached: boolean;
  /** Records the session as seen (stored facts only: a grant's session was seen when it was issued). */
  touch?: () => Promise<void>;
}

function recordFactsSource(facts: CallFacts): void {
  annotateActiveSpan({ [WalletAttributes.gateGrant]: facts.fromGrant, [WalletAttributes.gateCachedRecords]: facts.cached });
}
