export { ServiceIdentity, signingKeyVariable, TrustedServices, trustedKeysVariable } from "./auth/service-identity";
export { type CallOptions, type ClientOptions, createClient, type PromiseClient } from "./client/create-client";
export { RemoteAuthorizer } from "./client/remote-authorizer";
export { address, ConfigError, jsonVariable, loadConfig, serviceEnvironment, storeEnvironment } from "./config/load-config";
export * from "./errors/domain-errors";
export { encodeStatus, fromServiceError, RemoteError, type StatusParts, toGrpcStatus } from "./errors/grpc-status";
export { createLogger, type Logger } from "./logging/logger";
export { bindService, type ServiceHandlers, type UnaryHandler } from "./server/bind-service";
export { type CallContext, currentCall, type Principal, requirePrincipal, runInCall } from "./server/call-context";
export { errorInterceptor } from "./server/error-interceptor";
export {
  AUTHORIZATION_HEADER,
  type Authorizer,
  boundOperation,
  type GateOptions,
  type GateQuery,
  gateInterceptor,
  type OwnerResolver,
  SERVICE_ASSERTION_HEADER,
  STEP_UP_PROOF_HEADER,
  GRANT_HEADER,
} from "./server/gate-interceptor";
export { hosted, type HostedService, listenOptions, type ServerOptions, ServiceRuntime, startServer } from "./server/grpc-server";
export { chain, type Interceptor, type Next } from "./server/interceptor";
export { loggingInterceptor } from "./server/logging-interceptor";
export { readRequestField } from "./server/request-fields";
export { startPeriodicWork } from "./server/periodic-work";
export { runMain } from "./server/run-main";
export { StatusError } from "./server/status-error";
export { currencyCode, idempotencyKey, parseRequest, positiveMoney, resourceId } from "./server/validation";
export { channelCredentials, serverCredentials, type TransportConfig, transportEnvironment } from "./transport";
export { newId } from "./ids";
