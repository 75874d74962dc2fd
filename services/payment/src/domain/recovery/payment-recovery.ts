import { inSpan, linkTo, WalletAttributes } from "@wallet/telemetry";
import { type PaymentContext } from "../payment-context";
import { type SagaRunner } from "../sagas/saga-runner";

/**
 * Resumes every payment whose next attempt is due: sagas stopped by a crash, a step waiting for
 * a dependency to come back, a deadline passed (compensation), a review expired. Runs at
 * start-up and then every `intervalMs`.
 */
export async function resumeDuePayments(context: PaymentContext, runner: SagaRunner, batchSize = 50): Promise<number> {
  const due = await context.models.payments
    .find({ terminal: false, nextAttemptAt: { $lte: context.clock() } }, { _id: 1, traceId: 1, traceSpanId: 1 })
    .sort({ nextAttemptAt: 1 })
    .limit(batchSize)
    .lean();
  // Each resumed payment is a trace of its own (the request's trace ended long ago), found by
  // its payment id: its saga steps, downstream calls and log lines hang together under it, and
  // its root links to the request that took the payment in, so one leads to the other.
  for (const { _id, traceId, traceSpanId } of due) {
    await inSpan("payment.resume", { [WalletAttributes.paymentId]: _id }, () => runner.advance(_id), linkTo(traceId ?? "", traceSpanId ?? ""));
  }
  return due.length;
}

export function startPaymentRecovery(
  context: PaymentContext,
  runner: SagaRunner,
  intervalMs: number,
  onResumed: (count: number) => void,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const round = () => {
    running = running
      .then(async () => {
        if (stopped) return;
        const resumed = await resumeDuePayments(context, runner);
        if (resumed > 0) onResumed(resumed);
      })
      .catch(onError);
  };
  round();
  const timer = setInterval(round, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
