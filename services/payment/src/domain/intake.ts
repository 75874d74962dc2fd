import { FailedPreconditionError, newId, PermissionDeniedError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { currentSpanId, currentTraceId } from "@wallet/telemetry";
import { type PaymentDocument, type PaymentKind, type PaymentStateName } from "../store/payment.model";
import { type PaymentContext } from "./payment-context";
import { countFinished } from "./payment-metrics";
import { assessRisk } from "./risk/risk-engine";
import { type FactsInput, gatherRiskFacts } from "./risk/gather-facts";
import { recordInRiskHistory } from "./risk/risk-history";
import { type SagaRunner } from "./sagas/saga-runner";

/** A payment as a handler describes it, before risk and the saga. */
export interface PaymentDraft {
  kind: PaymentKind;
  ownerId: string;
  idempotencyKey: string;
  /** The parameters that define the payment; the same key with others is refused. */
  request: Record<string, string>;
  amount: bigint;
  currency: string;
  walletId: string;
  linkId?: string;
  bankCode?: string;
  accountFingerprint?: string;
  coolingOffUntil?: Date | undefined;
  payeeUserId?: string;
  payeeHandle?: string;
  payeeWalletId?: string;
  merchantId?: string;
  orderReference?: string;
  refundOf?: string;
}

export interface Caller {
  ial: number;
  aal: number;
  stepUpVerified: boolean;
  /** Asks identity for a step-up challenge bound to this exact operation. */
  requestStepUp(reasons: string[]): Promise<string>;
}

/**
 * Takes a payment in, Stripe-style: the first request with an idempotency key decides; a replay
 * gets the same payment back; the same key with other parameters is refused, naming them. New
 * payments are risk-checked before any money moves: DENY is recorded as FAILED, HOLD_FOR_REVIEW
 * waits for the fraud team, STEP_UP without a matching proof is refused with a challenge (and
 * nothing recorded, so the retry with the proof goes through), ALLOW starts the saga.
 */
export async function takePayment(context: PaymentContext, runner: SagaRunner, draft: PaymentDraft, caller: Caller): Promise<PaymentDocument> {
  const scope = `${draft.ownerId}:${draft.idempotencyKey}`;
  const now = context.clock();
  const factsInput: FactsInput = {
    kind: draft.kind, ownerId: draft.ownerId, amount: draft.amount, currency: draft.currency,
    ial: caller.ial, aal: caller.aal, stepUpVerified: caller.stepUpVerified, now,
    ...(draft.accountFingerprint !== undefined ? { link: { coolingOffUntil: draft.coolingOffUntil, accountFingerprint: draft.accountFingerprint } } : {}),
    ...(draft.payeeUserId ? { payeeUserId: draft.payeeUserId } : {}),
  };
  // A replay is found by the insert below, which its unique idempotency scope refuses, so a new
  // payment (the common case) does not pay for a lookup first. The risk facts are read anyway.
  const risk = await assessRisk(await gatherRiskFacts(context.models, context.knownPayees, factsInput));
  if (risk.decision === "STEP_UP") {
    // A payment already taken in is replayed as it is, not challenged again.
    const earlier = await replay(context, scope, draft);
    if (earlier) return earlier;
    const challengeId = await caller.requestStepUp(risk.reasons);
    throw new PermissionDeniedError("STEP_UP_REQUIRED", "this payment needs a step-up: confirm it with the code we send", {
      challenge_id: challengeId,
      risk_reasons: risk.reasons.join(","),
    });
  }

  const state: PaymentStateName = risk.decision === "ALLOW" ? "PROCESSING" : risk.decision === "HOLD_FOR_REVIEW" ? "HELD_FOR_REVIEW" : "FAILED";
  const deadlineAt = new Date(now.getTime() + (state === "HELD_FOR_REVIEW" ? context.settings.reviewDeadlineMs : context.settings.deadlineMs));
  const payment: PaymentDocument = {
    _id: newId("pay"),
    ownerId: draft.ownerId,
    kind: draft.kind,
    idempotencyScope: scope,
    request: draft.request,
    currency: draft.currency,
    amount: draft.amount,
    walletId: draft.walletId,
    linkId: draft.linkId ?? "",
    bankCode: draft.bankCode ?? "",
    accountFingerprint: draft.accountFingerprint ?? "",
    payeeUserId: draft.payeeUserId ?? "",
    payeeHandle: draft.payeeHandle ?? "",
    payeeWalletId: draft.payeeWalletId ?? "",
    merchantId: draft.merchantId ?? "",
    orderReference: draft.orderReference ?? "",
    refundOf: draft.refundOf ?? "",
    holdId: "",
    risk,
    state,
    terminal: state === "FAILED",
    steps: [{ name: "RISK_CHECKED", at: now, facts: { decision: risk.decision, reasons: risk.reasons.join(",") } }],
    failureReason: state === "FAILED" ? "RISK_DENIED" : "",
    deadlineAt,
    forwardOnly: false,
    // The request runs the saga now, under a lease; recovery takes over only if that run dies.
    nextAttemptAt: state === "HELD_FOR_REVIEW" ? deadlineAt : new Date(now.getTime() + context.settings.leaseMs),
    attempts: 0,
    lastError: "",
    traceId: currentTraceId(),
    traceSpanId: currentSpanId(),
    createdAt: now,
    updatedAt: now,
  };
  // The history entry first: keyed like the payment, so a replay or a crash in between never
  // leaves a payment the velocity rules cannot see.
  await recordInRiskHistory(context.models, payment);
  if (!(await insertIfAbsent(context.models.payments, payment))) return (await replay(context, scope, draft))!;
  if (payment.terminal) countFinished(payment.kind, payment.state);
  return state === "PROCESSING" ? runner.advance(payment._id, payment) : payment;
}

async function replay(context: PaymentContext, scope: string, draft: PaymentDraft): Promise<PaymentDocument | undefined> {
  const first = await context.models.payments.findOne({ idempotencyScope: scope }).lean<PaymentDocument>();
  if (!first) return undefined;
  const mismatched = [...new Set([...Object.keys(first.request), ...Object.keys(draft.request)])].filter((field) => first.request[field] !== draft.request[field]);
  if (mismatched.length > 0) {
    throw FailedPreconditionError.idempotencyKeyReused(mismatched, { payment_id: first._id });
  }
  return first;
}
