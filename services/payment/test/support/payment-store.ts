import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { openScratchDatabase, type ScratchDatabase } from "@wallet/store-kit";
import { type Downstream } from "../../src/clients/downstream";
import { type PaymentContext } from "../../src/domain/payment-context";
import { KnownPayees } from "../../src/domain/risk/known-payees";
import { type SagaDefinition } from "../../src/domain/sagas/saga-definition";
import { type PaymentKind } from "../../src/store/payment.model";
import { paymentModels, type PaymentModels } from "../../src/store/models";

export type PaymentTestStore = ScratchDatabase<PaymentModels>;

/** A database of its own for one test file, with payment's collections and indexes. */
export function openPaymentStore(name: string, poolSize = 5): Promise<PaymentTestStore> {
  return openScratchDatabase({ uri: testStoreUri(), database: uniqueDatabaseName(name), poolSize }, paymentModels);
}

/**
 * Payment's domain context over a test store, for tests that drive the saga runner or intake
 * directly: no downstream service (a test's saga steps stand in for them), a clock the test moves.
 */
export function testPaymentContext(models: PaymentModels, clock: { now: Date }, downstream = {} as Downstream): PaymentContext {
  return {
    models,
    knownPayees: new KnownPayees(models),
    downstream,
    settings: { deadlineMs: 60_000, reviewDeadlineMs: 60_000, retryBaseMs: 100, maxRetryDelayMs: 1_000, holdLifetimeSeconds: 3_600, leaseMs: 1_000, stepDelayMs: 0 },
    clock: () => clock.now,
  };
}

/** One test saga for every payment kind, as SagaRunner takes them. */
export function everyKind(saga: SagaDefinition): Record<PaymentKind, SagaDefinition> {
  return { TOP_UP: saga, TRANSFER: saga, PAY: saga, WITHDRAW: saga, REFUND: saga };
}
