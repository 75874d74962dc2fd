import { channelCredentials, createLogger, RemoteAuthorizer, runMain, serverCredentials, ServiceIdentity, startServer } from "@wallet/service-kit";
import { connectStore, ensureIndexes } from "@wallet/store-kit";
import { loadAccountConfig } from "./config";
import { createLedger } from "./domain/ledger/create-ledger";
import { recoverAll, startRecoveryWorker } from "./domain/recovery/hold-recovery";
import { createAccountServer } from "./server";

const logger = createLogger("account", process.env["LOG_LEVEL"] ?? "info");

runMain(logger, async () => {
  const config = loadAccountConfig();
  const connection = await connectStore({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE, poolSize: config.MONGODB_POOL_SIZE });
  const ledger = createLedger(connection, { timeZone: config.LEDGER_TIME_ZONE, stepDelayMs: config.LEDGER_STEP_DELAY_MS });
  await ensureIndexes(connection);

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
    host: config.GRPC_HOST,
    port: config.GRPC_PORT,
    credentials: serverCredentials(config),
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
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
