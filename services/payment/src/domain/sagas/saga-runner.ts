import { inSpan, WalletAttributes } from "@wallet/telemetry";
import { type PaymentDocument, type PaymentKind, type PaymentStateName, type PaymentStepRecord } from "../../store/payment.model";
import { classify, isDecidedRefusal } from "../failures";
import { type PaymentContext } from "../payment-context";
import { paymentFinished } from "../payment-finished";
import { settleReview } from "../review";
import { type SagaDefinition, type SagaStep, type StepOutcome, type UndoOutcome } from "./saga-definition";

/**
 * Advances payments through their sagas. A payment goes forward step by step; a step that
 * cannot be done now (a dependency down or slow) is retried later with backoff by the recovery
 * worker; a step the dependency refuses, or the deadline, turns the payment into compensation:
 * every step that was (or may have been) done is undone, newest first. Terminal states
 * (COMPLETED, FAILED, COMPENSATED) never change. Each step is one write to the payment document.
 */
export class SagaRunner {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly context: PaymentContext, private readonly sagas: Readonly<Record<PaymentKind, SagaDefinition>>) {}

  /** Takes the payment as far as it can go now (one executor per payment in this process). */
  advance(paymentId: string, justTaken?: PaymentDocument): Promise<PaymentDocument> {
    const previous = this.running.get(paymentId);
    // A payment just taken in is run from the document in hand; anything queued re-reads it.
    const next = previous ? previous.then(() => this.advanceNow(paymentId)) : this.advanceNow(paymentId, justTaken);
    const settled = next.then(() => undefined, () => undefined);
    this.running.set(paymentId, settled);
    void settled.then(() => {
      if (this.running.get(paymentId) === settled) this.running.delete(paymentId);
    });
    return next;
  }

  private async advanceNow(paymentId: string, known?: PaymentDocument): Promise<PaymentDocument> {
    let payment = known ?? (await this.load(paymentId));
    if (payment.terminal) return payment;
    const now = this.context.clock();
    if (payment.state === "HELD_FOR_REVIEW") {
      const settled = await settleReview(this.context, payment);
      if (!settled || settled.terminal) return settled ?? payment;
      payment = settled; // approved: the saga starts
    }
    if (payment.state === "COMPENSATING" || (now >= payment.deadlineAt && !payment.forwardOnly)) {
      return this.compensate(payment, payment.failureReason || "DEADLINE_EXCEEDED");
    }

    const saga = this.sagas[payment.kind];
    for (const [index, step] of saga.entries()) {
      if (isDone(payment, step.name)) continue;
      let outcome: StepOutcome;
      try {
        outcome = await this.inStepSpan(payment, step.name, () => step.run(this.context, payment));
      } catch (error) {
        const failure = classify(error);
        if (failure.retry) return this.retryLater(payment, failure.reason);
        return this.compensate(payment, failure.reason, step.refusalProvesNotDone && isDecidedRefusal(error) ? step.name : undefined);
      }
      // The last step and COMPLETED are one write.
      if (index === saga.length - 1) return this.record(payment, step.name, outcome, { state: "COMPLETED", terminal: true, failureReason: "" }, "COMPLETED");
      payment = await this.record(payment, step.name, outcome);
    }
    return this.finish(payment, "COMPLETED", "");
  }

  /**
   * Undoes the steps done, newest first. `refusedStep` is a step just refused whose refusal
   * proves it did not happen (`refusalProvesNotDone`), so it is not undone; its name is kept on
   * the COMPENSATING record for a resumed compensation. Undoing a refused Reserve meant asking
   * for the hold again to learn whether it existed: on a busy wallet, a reservation taken then
   * voided, holding the money meanwhile from the payments racing for it.
   */
  private async compensate(payment: PaymentDocument, reason: string, refusedStep?: string): Promise<PaymentDocument> {
    if (payment.state !== "COMPENSATING") {
      payment = await this.record(payment, "COMPENSATING", { facts: refusedStep ? { reason, refused_step: refusedStep } : { reason } }, { state: "COMPENSATING", failureReason: reason });
    }
    const refused = refusedStep ?? payment.steps.find((step) => step.name === "COMPENSATING")?.facts["refused_step"];
    const saga = this.sagas[payment.kind];
    const pending = saga.findIndex((step) => !isDone(payment, step.name));
    // Any other pending step may have taken effect before its answer was lost: it is undone too.
    const reached = pending === -1 ? saga.length : saga[pending]!.name === refused ? pending : pending + 1;
    const toUndo: SagaStep[] = saga.slice(0, reached).filter((step) => step.undo && !isDone(payment, undoneName(step))).reverse();
    for (const step of toUndo) {
      let outcome: UndoOutcome;
      try {
        outcome = await this.inStepSpan(payment, undoneName(step), () => step.undo!(this.context, payment));
      } catch (error) {
        // An undo is retried until it succeeds: a payment is never left half done.
        return this.retryLater(payment, classify(error).reason);
      }
      if (outcome === "happened") {
        // The step took effect and cannot be taken back: finish the payment forward instead.
        payment = await this.record(payment, step.name, { facts: { recovered: "forward" } }, { state: "PROCESSING", forwardOnly: true });
        return this.advanceNow(payment._id);
      }
      payment = await this.record(payment, undoneName(step), {});
    }
    const movedMoney = saga.some((step) => step.movesMoney && isDone(payment, step.name));
    return this.finish(payment, movedMoney ? "COMPENSATED" : "FAILED", reason);
  }

  private async retryLater(payment: PaymentDocument, reason: string): Promise<PaymentDocument> {
    const { retryBaseMs, maxRetryDelayMs } = this.context.settings;
    const delay = Math.min(retryBaseMs * 2 ** Math.min(payment.attempts, 16), maxRetryDelayMs);
    const jittered = Math.round(delay * (0.75 + Math.random() * 0.5));
    const patch = { attempts: payment.attempts + 1, nextAttemptAt: new Date(this.context.clock().getTime() + jittered), updatedAt: this.context.clock() };
    await this.context.models.payments.updateOne({ _id: payment._id, terminal: false }, { $set: { ...patch, lastError: reason } });
    return { ...payment, ...patch };
  }

  private async finish(payment: PaymentDocument, state: PaymentStateName, reason: string): Promise<PaymentDocument> {
    return this.record(payment, state, reason ? { facts: { reason } } : {}, { state, terminal: true, failureReason: reason });
  }

  /** One write: the step joins the record, with whatever the step filled in. */
  private async record(payment: PaymentDocument, name: string, outcome: StepOutcome, fields: Partial<PaymentDocument> = {}, thenState?: PaymentStateName): Promise<PaymentDocument> {
    const now = this.context.clock();
    const steps: PaymentStepRecord[] = [{ name, at: now, facts: outcome.facts ?? {} }];
    if (thenState) steps.push({ name: thenState, at: now, facts: {} });
    // Every step renews the lease that keeps the recovery worker off this running saga.
    const set = { nextAttemptAt: new Date(now.getTime() + this.context.settings.leaseMs), ...outcome.patch, ...fields, updatedAt: now };
    const { modifiedCount } = await this.context.models.payments.updateOne({ _id: payment._id, terminal: false }, { $push: { steps: { $each: steps } }, $set: set });
    // Only the write that made the payment terminal counts it: a second runner finds it terminal.
    if (fields.terminal === true && fields.state && modifiedCount > 0) await paymentFinished(this.context.models, payment, fields.state);
    if (this.context.settings.stepDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.context.settings.stepDelayMs));
    return { ...payment, ...set, steps: [...payment.steps, ...steps] };
  }

  private inStepSpan<T>(payment: PaymentDocument, step: string, body: () => Promise<T>): Promise<T> {
    return inSpan(`saga.${step.toLowerCase()}`, {
      [WalletAttributes.paymentId]: payment._id,
      [WalletAttributes.paymentKind]: payment.kind,
      [WalletAttributes.sagaStep]: step,
      [WalletAttributes.amountMinor]: payment.amount.toString(),
      [WalletAttributes.currency]: payment.currency,
    }, body);
  }

  private async load(paymentId: string): Promise<PaymentDocument> {
    const payment = await this.context.models.payments.findById(paymentId).lean<PaymentDocument>();
    if (!payment) throw new Error(`payment ${paymentId} vanished`);
    return payment;
  }
}

function isDone(payment: PaymentDocument, name: string): boolean {
  return payment.steps.some((step) => step.name === name);
}

function undoneName(step: SagaStep): string {
  return `${step.name}_UNDONE`;
}
