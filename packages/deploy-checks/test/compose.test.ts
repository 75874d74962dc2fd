import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkCompose } from "../src/compose-check";
import { REPO_ROOT, SERVICE_NAMES, SERVICES } from "../src/repo";

const composeText = readFileSync(join(REPO_ROOT, "deploy", "compose.yaml"), "utf8");
type ComposeService = { environment?: Record<string, string>; build?: { dockerfile: string }; env_file?: string[]; depends_on?: Record<string, unknown> };
const compose = parse(composeText, { merge: true }) as { services: Record<string, ComposeService> };

describe("the compose stack", () => {
  it("validates against the Compose specification schema", () => {
    expect(checkCompose(composeText)).toEqual([]);
  });

  it("runs a three-member replica set, initialised by a one-shot container, the collector and Jaeger", () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["mongo1", "mongo2", "mongo3", "mongo-init", "otel-collector", "jaeger"]));
    expect(JSON.stringify(compose.services["mongo-init"])).toContain("rs.initiate");
  });

  it.each(SERVICE_NAMES)("wires %s the way the service reads its environment", (service) => {
    const definition = compose.services[service]!;
    const environment = definition.environment ?? {};
    expect(definition.build?.dockerfile).toBe(`services/${service}/Dockerfile`);
    expect(environment["GRPC_PORT"]).toBe(String(SERVICES[service].port));
    expect(environment["OTEL_SERVICE_NAME"]).toBe(service);
    expect(environment["MONGODB_URI"]).toMatch(/replicaSet=rs0/);
    expect(definition.env_file).toEqual([`secrets/${service}.env`]);
    expect(definition.depends_on).toHaveProperty("mongo-init.condition", "service_completed_successfully");
    // Every peer address names a compose service at that service's port.
    for (const [key, value] of Object.entries(environment).filter(([key]) => key.endsWith("_ADDRESS"))) {
      const [host, port] = value.split(":");
      expect(SERVICE_NAMES, key).toContain(host);
      expect(String(SERVICES[host as keyof typeof SERVICES].port), key).toBe(port);
    }
  });

  it.each([
    ["a YAML syntax error", composeText.replace("services:\n", "services:\n  : [\n"), "yaml"],
    ["an unknown service field", composeText.replace("    image: mongo:7.0.16\n    command:", "    image: mongo:7.0.16\n    imagee: typo\n    command:"), "must NOT have additional properties"],
    ["a malformed depends_on condition", composeText.replace("condition: service_completed_successfully", "condition: when_ready"), "must be equal to one of the allowed values"],
    ["a malformed health check interval", composeText.replace("interval: 5s", "interval: five"), "must match format"],
  ])("refuses a compose file with %s", (_case, broken, message) => {
    expect(checkCompose(broken).join("\n")).toContain(message);
  });
});
