import { Caller, type Requirement } from "@wallet/contracts/wallet/gate/v1/requirement";
import { type VerifiedToken } from "../sessions/access-tokens";

/** Everything the gate has established about a call before deciding. */
export interface GateFacts {
  requirement: Requirement | undefined;
  /** The platform service that signed a valid assertion for this call, if any. */
  callerService: string | undefined;
  /** The operator tool that signed a valid assertion for this call, if any. */
  callerOperator: string | undefined;
  /** Whether an assertion was presented at all (to tell "missing" from "invalid"). */
  assertionPresented: boolean;
  token: VerifiedToken;
  session: { aal: number; revoked: boolean; expired: boolean } | undefined;
  user: { ial: number; locked: boolean } | undefined;
  resourceOwner: string;
}

export type GateOutcome =
  | { decision: "ALLOW"; subject: string; ial: number; aal: number; sessionId: string; callerService: string; callerOperator: string }
  | { decision: "DENY"; reason: string };

/**
 * The gate's rules, as a pure function of established facts. Every rule must pass for ALLOW;
 * the order only decides which reason is reported (the missing level is named, for example
 * IAL2_REQUIRED). Step-up proofs are checked after these rules, against the store.
 */
export function decide(facts: GateFacts): GateOutcome {
  const { requirement } = facts;
  if (!requirement || requirement.caller === Caller.CALLER_UNSPECIFIED) return deny("NO_REQUIREMENT_DECLARED");
  if (requirement.caller === Caller.CALLER_ANYONE) return allowWithoutUser(facts);

  if (facts.assertionPresented && !facts.callerService && !facts.callerOperator) return deny("SERVICE_ASSERTION_INVALID");
  if (requirement.caller === Caller.CALLER_OPERATOR) {
    return facts.callerOperator ? allowWithoutUser(facts) : deny("OPERATOR_REQUIRED");
  }
  if (requirement.caller === Caller.CALLER_SERVICE) {
    if (!facts.callerService) return deny("SERVICE_ASSERTION_MISSING");
    if (!requirement.allowedServices.includes(facts.callerService)) return deny("SERVICE_NOT_ALLOWED");
    const needsUser = Number(requirement.minIal) > 0 || Number(requirement.minAal) > 0 || requirement.ownerField !== "";
    if (!needsUser) return allowWithoutUser(facts);
  } else if (requirement.caller !== Caller.CALLER_USER) {
    return deny("CALLER_KIND_NOT_SUPPORTED");
  } else if (facts.callerService && requirement.allowedServices.length > 0 && !requirement.allowedServices.includes(facts.callerService)) {
    // A user RPC that names its services accepts the user's token forwarded by those only.
    return deny("SERVICE_NOT_ALLOWED");
  }

  if (!facts.token.ok) return deny(facts.token.reason);
  const { claims } = facts.token;
  if (!facts.session || facts.session.revoked) return deny("SESSION_REVOKED");
  if (facts.session.expired) return deny("REAUTHENTICATION_REQUIRED");
  if (!facts.user) return deny("TOKEN_INVALID");
  if (facts.user.locked) return deny("ACCOUNT_LOCKED");
  if (facts.user.ial < Number(requirement.minIal)) return deny(`IAL${requirement.minIal}_REQUIRED`);
  if (facts.session.aal < Number(requirement.minAal)) return deny(`AAL${requirement.minAal}_REQUIRED`);
  if (requirement.ownerField && facts.resourceOwner !== claims.subject) return deny("NOT_RESOURCE_OWNER");

  return {
    decision: "ALLOW",
    subject: claims.subject,
    ial: facts.user.ial,
    aal: facts.session.aal,
    sessionId: claims.sessionId,
    callerService: facts.callerService ?? "",
    callerOperator: facts.callerOperator ?? "",
  };
}

function allowWithoutUser(facts: GateFacts): GateOutcome {
  return { decision: "ALLOW", subject: "", ial: 0, aal: 0, sessionId: "", callerService: facts.callerService ?? "", callerOperator: facts.callerOperator ?? "" };
}

function deny(reason: string): GateOutcome {
  return { decision: "DENY", reason };
}
