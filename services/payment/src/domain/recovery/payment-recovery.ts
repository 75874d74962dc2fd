import { startPeriodicWork } from "@wallet/service-kit";
import { inSpan, linkTo, WalletAttributes } from "@wallet/telemetry";
import pLimit from "p-limit";
import { type PaymentContext } from "../payment-context";
import { type SagaRunner } from "../sagas/saga-runner";
import { claimResumption, sweepResumeClaims } from "./resume-claims";

const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * How many due payments one replica resumes at once. One at a time, a backlog (every transfer
 * of a burst that met a busy wallet, every top-up of an hour-long bank outage) drained at the
 * pace of one saga's round trips, and payments waited behind others long after they were due;
 * a few at once keep the account and bank calls busy without flooding them.
 */
const RESUMPTIONS_AT_ONCE = 8;

/**
 * Resumes every payment whose next attempt is due: sagas stopped by a crash, a step waiting for
 * a dependency to come back, a deadline passed (compensation), a review expired. Runs at
 * start-up and then every `intervalMs`, on every replica: each due payment is claimed first, so
 * one replica resumes it and the others pass. Returns how many this replica resumed; if any
 * resumption failed, throws the first failure once all of them have ended.
 */
export async function resumeDuePayments(context: PaymentContext, runner: SagaRunner, batchSize = 50): Promise<number> {
  const now = context.clock();
  const due = await context.models.payments
    .find({ terminal: false, nextAttemptAt: { $lte: now } }, { _id: 1, nextAttemptAt: 1, traceId: 1, traceSpanId: 1 })
    .sort({ nextAttemptAt: 1 })
    .limit(batchSize)
    .lean();
  const resumeOne = async ({ _id, nextAttemptAt, traceId, traceSpanId }: (typeof due)[number]): Promise<boolean> => {
    if (!(await claimResumption(context.models, { _id, nextAttemptAt }, now, context.settings.leaseMs))) return false;
    // The winner takes the lease, so the other replicas do not even find the payment due while
    // it runs (its steps renew the lease from here on).
    await context.models.payments.updateOne({ _id, terminal: false }, { $set: { nextAttemptAt: new Date(now.getTime() + context.settings.leaseMs) } });
    // Each resumed payment is a trace of its own (the request's trace ended long ago), found by
    // its payment id: its saga steps, downstream calls and log lines hang together under it, and
    // its root links to the request that took the payment in, so one leads to the other.
    await inSpan("payment.resume", { [WalletAttributes.paymentId]: _id }, () => runner.advance(_id), linkTo(traceId ?? "", traceSpanId ?? ""));
    return true;
  };
  const slots = pLimit(RESUMPTIONS_AT_ONCE);
  // Settled, not all: a shutdown waits for this round, so none may still run when it returns.
  const outcomes = await Promise.allSettled(due.map((payment) => slots(() => resumeOne(payment))));
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return outcomes.filter((outcome) => outcome.status === "fulfilled" && outcome.value).length;
}

export function startPaymentRecovery(
  context: PaymentContext,
  runner: SagaRunner,
  intervalMs: number,
  onResumed: (count: number) => void,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let sweptAt = 0;
  return startPeriodicWork(intervalMs, async () => {
    const resumed = await resumeDuePayments(context, runner);
    if (resumed > 0) onResumed(resumed);
    if (Date.now() - sweptAt > SWEEP_EVERY_MS) {
      sweptAt = Date.now();
      await sweepResumeClaims(context.models, context.clock());
    }
  }, onError, { runNow: true });
}
