import { createHmac } from "node:crypto";
import { OneTimeCodes } from "@wallet/one-time-codes";
import { keepOutboxFor, OutboxSender } from "@wallet/outbox";
import { BlindIndex, FieldCipher } from "@wallet/pii-crypto";
import { createLogger, listenOptions, runMain, startServer, TrustedServices } from "@wallet/service-kit";
import { openServiceStore } from "@wallet/store-kit";
import { loadIdentityConfig } from "./config";
import { PayeeDirectory } from "./domain/contacts/payee-directory";
import { type IdentityContext } from "./domain/context";
import { GateRecords } from "./domain/gate/gate-records";
import { LocalAuthorizer } from "./domain/gate/local-authorizer";
import { OperationGrants } from "./domain/gate/operation-grants";
import { AccessChangeFeed } from "./domain/gate/access-change-feed";
import { startProofingWorker } from "./domain/proofing/proofing";
import { SandboxProofingProvider } from "./domain/proofing/sandbox-provider";
import { keepExpiredRecordsSwept } from "./domain/retention/expired-records";
import { LoginThrottle } from "./domain/security/login-throttle";
import { SecurityEvents } from "./domain/security/security-events";
import { AccessTokens } from "./domain/sessions/access-tokens";
import { Sessions } from "./domain/sessions/sessions";
import { KeyRing } from "./domain/sessions/signing-keys";
import { createIdentityServer } from "./server";
import { identityModels } from "./store/models";

const logger = createLogger("identity", process.env["LOG_LEVEL"] ?? "info");

runMain(logger, async () => {
  const config = loadIdentityConfig();
  const { connection, models } = await openServiceStore(config, identityModels);

  const cipher = new FieldCipher(config.PII_ENCRYPTION_KEYS, config.PII_ACTIVE_KEY_ID);
  const index = new BlindIndex(config.PII_INDEX_KEY);
  // Keys for codes and recovery codes are derived from the index key, each for one purpose.
  const derived = (purpose: string) => createHmac("sha256", Buffer.from(config.PII_INDEX_KEY, "base64")).update(purpose).digest();
  const recoveryKey = derived("recovery-codes");
  const keyRing = new KeyRing(models, cipher);
  await keyRing.load();
  const tokens = new AccessTokens(keyRing, config.TOKEN_ISSUER, config.ACCESS_TOKEN_TTL_SECONDS);
  const events = new SecurityEvents(models);
  const outbox = new OutboxSender(models.outbox, cipher, index);
  const accessChanges = new AccessChangeFeed(models);
  const context: IdentityContext = {
    models,
    cipher,
    index,
    codes: new OneTimeCodes(models, derived("one-time-codes").toString("base64")),
    sender: outbox,
    events,
    throttle: new LoginThrottle(models),
    keyRing,
    tokens,
    sessions: new Sessions(models, tokens, events, accessChanges),
    accessChanges,
    secretHash: (purpose, value) => createHmac("sha256", recoveryKey).update(`${purpose}\u0000${value}`).digest("base64url"),
    clock: () => new Date(),
  };
  const gateRecords = new GateRecords(models, accessChanges, {
    cacheTtlMs: config.GATE_RECORDS_CACHE_SECONDS * 1000,
    pollIntervalMs: config.ACCESS_CHANGE_POLL_MS,
  });
  const stopFollowingAccessChanges = gateRecords.follow((error) => {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "could not read the access-change feed; the gate reads the store until it can");
  });
  const authorizer = new LocalAuthorizer(
    context,
    gateRecords,
    new OperationGrants(keyRing, config.TOKEN_ISSUER, config.OPERATION_GRANT_TTL_SECONDS),
    await TrustedServices.fromJwks(config.TRUSTED_SERVICE_KEYS),
    await TrustedServices.fromJwks(config.TRUSTED_OPERATOR_KEYS),
  );
  const proofingProvider = new SandboxProofingProvider();

  const payees = new PayeeDirectory(context, gateRecords, { cacheTtlMs: config.GATE_RECORDS_CACHE_SECONDS * 1000 });

  const { services, interceptors } = createIdentityServer({
    context,
    authorizer,
    payees,
    proofingProvider,
    outbox,
    settings: {
      trustForwardedFor: config.TRUST_FORWARDED_FOR,
      signUpsPerSourceFree: config.SIGN_UP_SOURCE_FREE_PER_HOUR,
      proofingDecisionDelayMs: config.PROOFING_DECISION_DELAY_MS,
      stepUpProofLifetimeMs: config.STEP_UP_PROOF_TTL_SECONDS * 1000,
    },
  });
  const runtime = await startServer({
    serviceName: "identity",
    ...listenOptions(config),
    logger,
    interceptors,
    services,
  });
  const stopWorker = startProofingWorker(context, proofingProvider, config.PROOFING_POLL_INTERVAL_MS, (error) => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "proofing worker failed a round");
  });
  const stopOutboxRetention = keepOutboxFor(outbox, config.OUTBOX_RETENTION_HOURS, logger);
  const stopRecordRetention = keepExpiredRecordsSwept(models, logger);
  runtime.onShutdown(() => connection.close());
  runtime.onShutdown(stopWorker);
  runtime.onShutdown(stopFollowingAccessChanges);
  runtime.onShutdown(stopOutboxRetention);
  runtime.onShutdown(stopRecordRetention);
  return runtime;
});
