import { inSpan, WalletAttributes } from "@wallet/telemetry";
import { type RiskDecisionName } from "../../store/payment.model";
import { countRiskDecision } from "../payment-metrics";
import { type RiskFacts } from "./risk-facts";
import { RISK_RULES, type RiskRule } from "./risk-rules";

export interface RiskAssessment {
  decision: RiskDecisionName;
  reasons: string[];
  /** The STEP_UP the rules asked for was satisfied by a proof bound to this operation. */
  stepUpVerified: boolean;
  at: Date;
}

const SEVERITY: Record<RiskDecisionName, number> = { ALLOW: 0, STEP_UP: 1, HOLD_FOR_REVIEW: 2, DENY: 3 };

/** Applies the rule table; the decision and its reasons are also set on the current trace. */
export function assessRisk(facts: RiskFacts, rules: readonly RiskRule[] = RISK_RULES): Promise<RiskAssessment> {
  return inSpan("risk.evaluate", { [WalletAttributes.paymentKind]: facts.kind, [WalletAttributes.amountMinor]: facts.amount.toString() }, (span) => {
    const fired = rules.filter((rule) => rule.fires(facts));
    let decision: RiskDecisionName = fired.reduce<RiskDecisionName>((worst, rule) => (SEVERITY[rule.outcome] > SEVERITY[worst] ? rule.outcome : worst), "ALLOW");
    // The first rule in table order with the decisive outcome: the metric's `rule` label.
    const decidingRule = fired.find((rule) => rule.outcome === decision)?.code ?? "NONE";
    const stepUpVerified = decision === "STEP_UP" && facts.stepUpVerified;
    if (stepUpVerified) decision = "ALLOW";
    countRiskDecision(decision, decidingRule);
    const assessment = { decision, reasons: fired.map((rule) => rule.code), stepUpVerified, at: facts.now };
    span.setAttributes({
      [WalletAttributes.riskDecision]: assessment.decision,
      [WalletAttributes.riskReasons]: assessment.reasons.join(","),
      "wallet.risk.step_up_verified": stepUpVerified,
    });
    return Promise.resolve(assessment);
  });
}
