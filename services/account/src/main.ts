import { channelCredentials, createLogger, listenOptions, RemoteAuthorizer, runMain, ServiceIdentity, startServer } from "@wallet/service-kit";
import { openServiceStore } from "@wallet/store-kit";
import { loadAccountConfig } from "./config";
import { createLedger } from "./domain/ledger/create-ledger";
import { recoverAll, startRecoveryWorker } from "./domain/recovery/hold-recovery";
import { createAccountServer } from "./server";

const logger = createLogger("account", process.env["LOG_LEVEL"] ?? "info");

runMain(logger, async () => {
  const config = loadAccountConfig();
  const { connection, models: ledger } = await openServiceStore(config, (opened) => createLedger(opened, { timeZone: config.LEDGER_TIME_ZONE, stepDelayMs: config.LEDGER_STEP_DELAY_MS }));

  // Finish or undo what a crash interrupted before taking new calls.
  const recoveryOptions = { orphanGraceMs: config.HOLD_RECOVERY_GRACE_MS, batchSize: 200 };
  const recovered = await recoverAll(ledger, recoveryOptions);
  logger.info({ recovery: recovered }, "recovery at start-up done");

  const authorizer = new RemoteAuthorizer({
    address: config.IDENTITY_ADDRESS,
    credentials: channelCredentials(config),
    defaultDeadlineMs: config.GATE_DEADLINE_MS,
    identity: await ServiceIdentity.fromJwk("account", config.SERVICE_SIGNING_KEY),
  });
  const { services, interceptors } = createAccountServer({ ledger, authorizer });
  const runtime = await startServer({
    serviceName: "account",
    ...listenOptions(config),
    logger,
    interceptors,
    services,
  });
  const stopRecovery = startRecoveryWorker(
    ledger,
    { ...recoveryOptions, intervalMs: config.RECOVERY_INTERVAL_MS },
    (round) => logger.info({ recovery: round }, "recovered interrupted operations"),
    (error) => logger.error({ err: error instanceof Error ? error.message : String(error) }, "recovery round failed"),
  );
  runtime.onShutdown(() => connection.close());
  runtime.onShutdown(() => authorizer.close());
  runtime.onShutdown(stopRecovery);
  return runtime;
});
