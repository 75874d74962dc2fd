import { diag } from "@opentelemetry/api";
import { envDetector, hostDetector, osDetector, processDetector, type ResourceDetector, serviceInstanceIdDetector } from "@opentelemetry/resources";

const DETECTORS: Readonly<Record<string, ResourceDetector>> = {
  env: envDetector,
  host: hostDetector,
  os: osDetector,
  process: processDetector,
  serviceinstance: serviceInstanceIdDetector,
};

/**
 * What describes this process in its telemetry, as OTEL_NODE_RESOURCE_DETECTORS names it (the
 * variable NodeSDK reads): a comma-separated list of env, host, os, process and serviceinstance,
 * or "all" or "none". Unset, it is env, process and host: OTEL_SERVICE_NAME and
 * OTEL_RESOURCE_ATTRIBUTES, the process, the host. An unknown name is reported and skipped,
 * like NodeSDK does, rather than stopping the service over its telemetry.
 */
export function resourceDetectorsFromEnv(env: NodeJS.ProcessEnv = process.env): ResourceDetector[] {
  const names = (env["OTEL_NODE_RESOURCE_DETECTORS"] ?? "env,process,host").split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.includes("none")) return [];
  if (names.includes("all")) return Object.values(DETECTORS);
  return names.flatMap((name) => {
    const detector = DETECTORS[name];
    if (!detector) diag.warn(`OTEL_NODE_RESOURCE_DETECTORS: unknown resource detector "${name}" ignored`);
    return detector ? [detector] : [];
  });
}
