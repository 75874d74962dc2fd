import { keepOutboxFor, OutboxSender } from "@wallet/outbox";
import { BlindIndex, FieldCipher } from "@wallet/pii-crypto";
import { createLogger, listenOptions, runMain, startServer, TrustedServices } from "@wallet/service-kit";
import { openServiceStore } from "@wallet/store-kit";
import { loadSandboxBankConfig } from "./config";
import { buildBankContext } from "./domain/build-context";
import { createSandboxBankServer } from "./server";
import { sandboxBankModels } from "./store/models";

const logger = createLogger("sandbox-bank", process.env["LOG_LEVEL"] ?? "info");

runMain(logger, async () => {
  const config = loadSandboxBankConfig();
  const { connection, models } = await openServiceStore(config, sandboxBankModels);

  const cipher = new FieldCipher(config.PII_ENCRYPTION_KEYS, config.PII_ACTIVE_KEY_ID);
  const outbox = new OutboxSender(models.outbox, cipher, new BlindIndex(config.PII_INDEX_KEY));
  const context = buildBankContext({
    models,
    cipher,
    sender: outbox,
    secretKeyBase64: config.PII_INDEX_KEY,
    mode: config.SANDBOX_BANK_MODE,
    oneTimeCodeLifetimeMs: config.BANK_ONE_TIME_CODE_TTL_SECONDS * 1000,
    reportBaseUrl: config.BANK_REPORT_BASE_URL,
  });
  logger.info({ mode: config.SANDBOX_BANK_MODE }, "bank mode");

  const { services, interceptors } = createSandboxBankServer({
    context,
    outbox,
    trustedServices: await TrustedServices.fromJwks(config.TRUSTED_SERVICE_KEYS),
    adminToken: config.SANDBOX_ADMIN_TOKEN,
  });
  const runtime = await startServer({
    serviceName: "sandbox-bank",
    ...listenOptions(config),
    logger,
    interceptors,
    services,
  });
  const stopOutboxRetention = keepOutboxFor(outbox, config.OUTBOX_RETENTION_HOURS, logger);
  runtime.onShutdown(() => connection.close());
  runtime.onShutdown(stopOutboxRetention);
  return runtime;
});
