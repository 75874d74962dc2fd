import { channelCredentials, createLogger, listenOptions, RemoteAuthorizer, runMain, ServiceIdentity, startServer } from "@wallet/service-kit";
import { openServiceStore } from "@wallet/store-kit";
import { createDownstream } from "./clients/downstream";
import { WalletDirectory } from "./clients/wallet-directory";
import { loadPaymentConfig } from "./config";
import { type PaymentContext } from "./domain/payment-context";
import { KnownPayees } from "./domain/risk/known-payees";
import { startPaymentRecovery } from "./domain/recovery/payment-recovery";
import { backfillRiskHistory } from "./domain/risk/risk-history";
import { paySaga } from "./domain/sagas/pay.saga";
import { RefundClaims, refundSaga } from "./domain/sagas/refund.saga";
import { SagaRunner } from "./domain/sagas/saga-runner";
import { topUpSaga } from "./domain/sagas/top-up.saga";
import { transferSaga } from "./domain/sagas/transfer.saga";
import { withdrawSaga } from "./domain/sagas/withdraw.saga";
import { createPaymentServer, paymentPolicy } from "./server";
import { paymentModels } from "./store/models";

const logger = createLogger("payment", process.env["LOG_LEVEL"] ?? "info");

runMain(logger, async () => {
  const config = loadPaymentConfig();
  const { connection, models } = await openServiceStore(config, paymentModels);
  const backfilled = await backfillRiskHistory(models, new Date());
  if (backfilled > 0) logger.info({ payments: backfilled }, "risk history backfilled from the payments written before it");

  const identity = await ServiceIdentity.fromJwk("payment", config.SERVICE_SIGNING_KEY);
  const credentials = channelCredentials(config);
  const authorizer = new RemoteAuthorizer({ address: config.IDENTITY_ADDRESS, credentials, defaultDeadlineMs: config.GATE_DEADLINE_MS, identity });
  const downstream = createDownstream({
    identityAddress: config.IDENTITY_ADDRESS,
    accountAddress: config.ACCOUNT_ADDRESS,
    bankLinkAddress: config.BANK_LINK_ADDRESS,
    credentials,
    deadlineMs: config.DOWNSTREAM_DEADLINE_MS,
    identity,
  });
  const context: PaymentContext = {
    models,
    knownPayees: new KnownPayees(models),
    downstream,
    settings: {
      deadlineMs: config.PAYMENT_DEADLINE_MS,
      reviewDeadlineMs: config.REVIEW_DEADLINE_MS,
      retryBaseMs: config.RETRY_BASE_MS,
      maxRetryDelayMs: config.MAX_RETRY_DELAY_MS,
      // Holds outlive the payment's deadline, so compensation (not expiry) releases them.
      holdLifetimeSeconds: Math.min(7 * 86_400, Math.ceil(config.PAYMENT_DEADLINE_MS / 1000) + 3_600),
      leaseMs: config.SAGA_LEASE_MS,
      stepDelayMs: config.SAGA_STEP_DELAY_MS,
    },
    clock: () => new Date(),
  };
  const refundClaims = new RefundClaims(models);
  const runner = new SagaRunner(context, {
    TOP_UP: topUpSaga,
    TRANSFER: transferSaga,
    PAY: paySaga,
    WITHDRAW: withdrawSaga,
    REFUND: refundSaga(refundClaims, async (paymentId) => BigInt((await models.payments.findById(paymentId, { amount: 1 }).lean())?.amount ?? 0n)),
  });

  const { services, interceptors } = createPaymentServer({ context, runner, downstream, wallets: new WalletDirectory(downstream.account), authorizer, policy: paymentPolicy(), traceUiUrl: config.TRACE_UI_URL });
  const runtime = await startServer({
    serviceName: "payment",
    ...listenOptions(config),
    logger,
    interceptors,
    services,
  });
  const stopRecovery = startPaymentRecovery(
    context,
    runner,
    config.RECOVERY_INTERVAL_MS,
    (count) => logger.info({ resumed: count }, "resumed payments"),
    (error) => logger.error({ err: error instanceof Error ? error.message : String(error) }, "payment recovery round failed"),
  );
  runtime.onShutdown(() => connection.close());
  runtime.onShutdown(() => {
    downstream.close();
    authorizer.close();
  });
  runtime.onShutdown(stopRecovery);
  return runtime;
});
