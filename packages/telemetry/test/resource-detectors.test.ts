import { envDetector, hostDetector, osDetector, processDetector, serviceInstanceIdDetector } from "@opentelemetry/resources";
import { describe, expect, it } from "vitest";
import { resourceDetectorsFromEnv } from "../src/resource-detectors";

describe("the resource detectors OTEL_NODE_RESOURCE_DETECTORS names", () => {
  it("are env, process and host when it is unset", () => {
    expect(resourceDetectorsFromEnv({})).toEqual([envDetector, processDetector, hostDetector]);
  });

  it("are the ones listed, in order, skipping unknown names", () => {
    expect(resourceDetectorsFromEnv({ OTEL_NODE_RESOURCE_DETECTORS: "os, serviceinstance,gcp,env" })).toEqual([osDetector, serviceInstanceIdDetector, envDetector]);
  });

  it("are every one for all, and none for none", () => {
    expect(resourceDetectorsFromEnv({ OTEL_NODE_RESOURCE_DETECTORS: "all" })).toEqual([envDetector, hostDetector, osDetector, processDetector, serviceInstanceIdDetector]);
    expect(resourceDetectorsFromEnv({ OTEL_NODE_RESOURCE_DETECTORS: "none" })).toEqual([]);
    expect(resourceDetectorsFromEnv({ OTEL_NODE_RESOURCE_DETECTORS: "env,none" })).toEqual([]);
  });
});
