import { StepUpPolicy } from "@wallet/contracts/wallet/gate/v1/requirement";
import { type AuthorizeResponse, Decision } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type Authorizer, type GateQuery, type TrustedServices } from "@wallet/service-kit";
import { type IdentityContext } from "../context";
import { sessionExpired } from "../sessions/sessions";
import { createStepUpChallenge, spendStepUpProof } from "../step-up/step-up";
import { decide, type GateOutcome } from "./decide";
import { serviceOfAction } from "./service-of-action";

const EMPTY: AuthorizeResponse = {
  decision: Decision.DECISION_UNSPECIFIED, reason: "", subject: "", ial: 0, aal: 0, sessionId: "", callerService: "",
  challengeId: "", stepUpVerified: false, callerOperator: "",
};

/**
 * The gate as identity evaluates it: establishes the facts (service or operator assertion,
 * token, session, user) from its own keys and store, applies the rules, then the step-up the
 * requirement asks for. Denials are security events. Other services reach it through the
 * Authorize RPC; identity's own RPCs use it in-process.
 */
export class LocalAuthorizer implements Authorizer {
  constructor(
    private readonly context: IdentityContext,
    private readonly trustedServices: TrustedServices,
    private readonly trustedOperators: TrustedServices,
  ) {}

  async authorize(query: GateQuery): Promise<AuthorizeResponse> {
    const { models, tokens, sessions } = this.context;
    const audience = serviceOfAction(query.action);
    const callerService = query.serviceAssertion && audience ? await this.trustedServices.verify(query.serviceAssertion, audience) : undefined;
    const callerOperator = query.serviceAssertion && audience && !callerService ? await this.trustedOperators.verify(query.serviceAssertion, audience) : undefined;
    const token = await tokens.verify(query.accessToken);
    const [session, user] = token.ok
      ? await Promise.all([
        models.sessions.findById(token.claims.sessionId, { aal: 1, revokedAt: 1, userId: 1, authenticatedAt: 1, lastSeenAt: 1 }).lean(),
        models.users.findById(token.claims.subject, { ial: 1, lockedAt: 1 }).lean(),
      ])
      : [null, null];
    const sessionMatches = session && token.ok && session.userId === token.claims.subject;
    const now = this.context.clock();

    let outcome = decide({
      requirement: query.requirement,
      callerService,
      callerOperator,
      assertionPresented: query.serviceAssertion !== "",
      token,
      session: sessionMatches ? { aal: session.aal, revoked: session.revokedAt !== null, expired: sessionExpired(session, now) } : undefined,
      user: user ? { ial: user.ial, locked: user.lockedAt !== null } : undefined,
      resourceOwner: query.resourceOwner,
    });
    if (outcome.decision === "ALLOW" && sessionMatches) await sessions.touch(session);

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
