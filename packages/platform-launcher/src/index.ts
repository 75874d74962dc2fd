export { probeHealth, waitUntilServing } from "./health-probe";
export { formatLogLine } from "./log-format";
export { type LaunchOptions, Platform } from "./platform";
export { CALLING_SERVICES, generateSecrets, OPERATOR_NAME, type PlatformSecrets, publicKeys, publicPart } from "./secrets";
export { environmentFor, SERVICE_NAMES, serviceDirectory, type ServiceName, type Wiring } from "./service-catalog";
export { type LineSink, ServiceProcess } from "./service-process";
export { SERVICE_NODE_FLAGS, SERVICE_RUNTIME_ENVIRONMENT } from "./service-runtime";
