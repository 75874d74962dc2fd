import { BlindIndex, FieldCipher } from "@wallet/pii-crypto";
import { channelCredentials, createLogger, listenOptions, RemoteAuthorizer, runMain, ServiceIdentity, startServer } from "@wallet/service-kit";
import { openServiceStore } from "@wallet/store-kit";
import { SandboxBankAdapter } from "./bank-adapters/sandbox-bank-adapter";
import { IdentityClient } from "./clients/identity";
import { linkPolicyOf, loadBankLinkConfig } from "./config";
import { buildBankLinkContext } from "./domain/build-context";
import { startConsentSync } from "./domain/consents/consent-sync";
import { createBankLinkServer } from "./server";
import { bankLinkModels } from "./store/models";

const logger = createLogger("bank-link", process.env["LOG_LEVEL"] ?? "info");

runMain(logger, async () => {
  const config = loadBankLinkConfig();
  const { connection, models } = await openServiceStore(config, bankLinkModels);

  const serviceIdentity = await ServiceIdentity.fromJwk("bank-link", config.SERVICE_SIGNING_KEY);
  const credentials = channelCredentials(config);
  const authorizer = new RemoteAuthorizer({ address: config.IDENTITY_ADDRESS, credentials, defaultDeadlineMs: config.GATE_DEADLINE_MS, identity: serviceIdentity });
  const identity = new IdentityClient({ address: config.IDENTITY_ADDRESS, credentials, defaultDeadlineMs: config.IDENTITY_DEADLINE_MS, identity: serviceIdentity });
  const bank = new SandboxBankAdapter({ address: config.SANDBOX_BANK_ADDRESS, credentials, defaultDeadlineMs: config.BANK_DEADLINE_MS, identity: serviceIdentity });
  const context = buildBankLinkContext({
    models,
    cipher: new FieldCipher(config.PII_ENCRYPTION_KEYS, config.PII_ACTIVE_KEY_ID),
    index: new BlindIndex(config.PII_INDEX_KEY),
    bank,
    identity,
    policy: linkPolicyOf(config),
    logger,
  });

  const { services, interceptors } = createBankLinkServer({ context, authorizer });
  const runtime = await startServer({
    serviceName: "bank-link",
    ...listenOptions(config),
    logger,
    interceptors,
    services,
  });
  const stopSync = startConsentSync(context, config.CONSENT_SYNC_INTERVAL_MS, (error) => {
    logger.warn({ err_type: error instanceof Error ? error.name : typeof error, reason: (error as { reason?: string }).reason ?? "" }, "consent sync round failed");
  });
  runtime.onShutdown(() => connection.close());
  runtime.onShutdown(() => {
    bank.close();
    identity.close();
    authorizer.close();
  });
  runtime.onShutdown(stopSync);
  return runtime;
});
