import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { checkManifest, path } from "../src/k8s-check";
import { type Manifest, renderKustomization } from "../src/kustomize";
import { REPO_ROOT, SERVICE_NAMES, SERVICES, type ServiceName } from "../src/repo";

const k8s = join(REPO_ROOT, "deploy", "k8s");
const OVERLAYS = ["dev", "prod"] as const;
const render = (service: string, overlay: string) => renderKustomization(join(k8s, service, "overlays", overlay));
const find = (manifests: Manifest[], kind: string) => manifests.find((manifest) => manifest.kind === kind)!;

/** The services each contract lets call it (allowed_services of its gate requirements). */
function callersInContracts(): Record<ServiceName, string[]> {
  const protoDirectory: Record<ServiceName, string> = { identity: "identity", account: "account", "bank-link": "banklink", payment: "payment", "sandbox-bank": "sandboxbank" };
  const callers = {} as Record<ServiceName, string[]>;
  for (const service of SERVICE_NAMES) {
    const directory = join(REPO_ROOT, "proto", "wallet", protoDirectory[service], "v1");
    const text = readdirSync(directory).map((file) => readFileSync(join(directory, file), "utf8")).join("\n");
    callers[service] = [...new Set([...text.matchAll(/allowed_services:\s*"([^"]+)"/g)].map((match) => match[1]!))].sort();
  }
  // The sandbox bank stands in for a real bank: its API has no wallet gate, and only bank-link
  // (the wallet's bank adapter) calls it.
  callers["sandbox-bank"] = ["bank-link"];
  return callers;
}

// Each service's configuration schema, from its build (the same zod object main.ts loads).
interface ConfigSchema { shape: Record<string, { safeParse(value: unknown): { success: boolean } }> }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schemaOf = (packageName: string, exportName: string) => (require(`${packageName}/dist/config.js`) as Record<string, ConfigSchema>)[exportName]!;
const CONFIG_SCHEMAS: Record<ServiceName, ConfigSchema> = {
  identity: schemaOf("@wallet/identity", "identityConfigSchema"),
  account: schemaOf("@wallet/account", "accountConfigSchema"),
  "bank-link": schemaOf("@wallet/bank-link", "bankLinkConfigSchema"),
  payment: schemaOf("@wallet/payment", "paymentConfigSchema"),
  "sandbox-bank": schemaOf("@wallet/sandbox-bank", "sandboxBankConfigSchema"),
};
// Read by the telemetry SDK and by the metrics endpoint, not by the service's own schema.
const PLATFORM_VARIABLES = /^(OTEL_[A-Z_]+|METRICS_PORT)$/;

describe.each(SERVICE_NAMES)("Kubernetes manifests of %s", (service) => {
  it.each(OVERLAYS)("the %s overlay renders to valid, hardened manifests of every kind a rollout needs", (overlay) => {
    const manifests = render(service, overlay);
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual(expect.arrayContaining(["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "NetworkPolicy", "PodDisruptionBudget", "Service"]));
    expect(manifests.flatMap(checkManifest)).toEqual([]);
    expect(new Set(manifests.map((manifest) => manifest.metadata.namespace))).toEqual(new Set([overlay === "prod" ? "wallet" : "wallet-dev"]));
  });

  it.each(OVERLAYS)("the %s overlay gives the process every variable its config requires, and none it does not read", (overlay) => {
    const manifests = render(service, overlay);
    const container = (path(find(manifests, "Deployment"), ["spec", "template", "spec", "containers"]) as unknown[])[0];
    const provided = new Set([
      ...Object.keys(find(manifests, "ConfigMap")["data"] as Record<string, string>),
      ...(path(container, ["env"]) as { name: string }[]).map((variable) => variable.name),
    ]);
    const shape = CONFIG_SCHEMAS[service].shape;
    const required = Object.keys(shape).filter((key) => !shape[key]!.safeParse(undefined).success);
    expect(required.filter((key) => !provided.has(key))).toEqual([]);
    expect([...provided].filter((key) => !(key in shape) && !PLATFORM_VARIABLES.test(key))).toEqual([]);
  });

  it("probes the gRPC health service natively: on the gRPC port in dev, on the plaintext health-only port beside mutual TLS in prod", () => {
    const containerOf = (overlay: string) => (path(find(render(service, overlay), "Deployment"), ["spec", "template", "spec", "containers"]) as unknown[])[0];
    const probes = ["readinessProbe", "livenessProbe", "startupProbe"];
    expect(probes.map((probe) => path(containerOf("dev"), [probe, "grpc", "port"]))).toEqual(probes.map(() => SERVICES[service].port));
    const prod = render(service, "prod");
    const config = find(prod, "ConfigMap")["data"] as Record<string, string>;
    expect(config).toMatchObject({ WALLET_PROFILE: "production", TLS_CA_FILE: "/etc/wallet/tls/ca.crt", TLS_CERT_FILE: "/etc/wallet/tls/tls.crt", TLS_KEY_FILE: "/etc/wallet/tls/tls.key" });
    // The mutual-TLS port is never probed (the kubelet has no client certificate): every probe
    // asks the port the process opens for health alone, and the container declares it.
    const healthPort = Number(config["HEALTH_PORT"]);
    expect(healthPort).not.toBe(SERVICES[service].port);
    expect(probes.map((probe) => [path(containerOf("prod"), [probe, "grpc", "port"]), path(containerOf("prod"), [probe, "exec"])])).toEqual(probes.map(() => [healthPort, undefined]));
    expect(path(containerOf("prod"), ["ports"])).toContainEqual(expect.objectContaining({ name: "health", containerPort: healthPort }));
    // No other pod is let in to it: the kubelet probes from the pod's own node.
    const ingress = JSON.stringify(path(find(prod, "NetworkPolicy"), ["spec", "ingress"]));
    expect(ingress).not.toContain(`"port":${healthPort}`);
    const certificate = find(prod, "Certificate");
    const volumes = path(find(prod, "Deployment"), ["spec", "template", "spec", "volumes"]) as unknown[];
    expect(volumes).toContainEqual(expect.objectContaining({ name: "tls", secret: expect.objectContaining({ secretName: path(certificate, ["spec", "secretName"]) }) }));
  });

  it("ships the service's own released version in prod", () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "services", service, "package.json"), "utf8")) as { version: string };
    const container = (path(find(render(service, "prod"), "Deployment"), ["spec", "template", "spec", "containers"]) as unknown[])[0];
    expect(path(container, ["image"])).toBe(`registry.example/wallet/${service}:${version}`);
  });

  it("lets only the callers its contract names reach its gRPC port", () => {
    const policy = find(render(service, "prod"), "NetworkPolicy");
    const grpcRule = (path(policy, ["spec", "ingress"]) as unknown[]).find((rule) => JSON.stringify(path(rule, ["ports"])).includes(String(SERVICES[service].port)));
    const peers = (path(grpcRule, ["from"]) as unknown[]);
    const platformCallers = peers.filter((peer) => path(peer, ["namespaceSelector"]) === undefined).map((peer) => path(peer, ["podSelector", "matchLabels", "app.kubernetes.io/name"]));
    expect(platformCallers.sort()).toEqual(callersInContracts()[service]);
  });

  it("lets it reach only DNS, its store, the collector and the services its configuration names", () => {
    const manifests = render(service, "prod");
    const policy = find(manifests, "NetworkPolicy");
    expect(path(policy, ["spec", "policyTypes"])).toEqual(["Ingress", "Egress"]);
    const rules = path(policy, ["spec", "egress"]) as unknown[];
    const peers = rules.flatMap((rule) => (path(rule, ["to"]) as unknown[]).map((peer) => ({ peer, ports: path(rule, ["ports"]) as { port: number }[] })));
    const outside = peers.filter(({ peer }) => path(peer, ["namespaceSelector"]) !== undefined)
      .map(({ peer, ports }) => `${String(path(peer, ["namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"]))}:${ports.map((port) => port.port).join("/")}`);
    expect(outside.sort()).toEqual(["kube-system:53/53", "observability:4318", "wallet-data:27017"]);

    const configured = Object.entries(path(find(manifests, "ConfigMap"), ["data"]) as Record<string, string>)
      .filter(([name]) => name.endsWith("_ADDRESS"))
      .map(([, address]) => address);
    const platformPeers = peers.filter(({ peer }) => path(peer, ["namespaceSelector"]) === undefined)
      .map(({ peer, ports }) => `${String(path(peer, ["podSelector", "matchLabels", "app.kubernetes.io/name"]))}:${ports.map((port) => port.port).join("/")}`);
    expect(platformPeers.sort()).toEqual(configured.sort());
  });

  const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;
  it.skipIf(!kubectl).each(OVERLAYS)("renders the %s overlay exactly as kubectl kustomize does (where kubectl is installed)", (overlay) => {
    const directory = join(k8s, service, "overlays", overlay);
    const expected = parseAllDocuments(execFileSync("kubectl", ["kustomize", directory], { encoding: "utf8" })).map((document) => document.toJS() as Manifest);
    const byId = (manifests: Manifest[]) => Object.fromEntries(manifests.map((manifest) => [`${manifest.kind}/${manifest.metadata.name}`, manifest]));
    expect(byId(render(service, overlay))).toEqual(byId(expected));
  });
});

describe("the manifest checks", () => {
  const deployment = () => structuredClone(find(render("account", "prod"), "Deployment"));
  const container = (manifest: Manifest) => (path(manifest, ["spec", "template", "spec", "containers"]) as Record<string, unknown>[])[0]!;

  it("refuse a Deployment that breaks the Kubernetes schema", () => {
    const broken = deployment();
    (broken["spec"] as Record<string, unknown>)["replicas"] = "three";
    expect(checkManifest(broken).join("\n")).toContain("schema");
    const noContainers = deployment();
    delete (path(noContainers, ["spec", "template", "spec"]) as Record<string, unknown>)["containers"];
    expect(checkManifest(noContainers).join("\n")).toContain("schema");
  });

  it.each([
    ["privilege escalation", (manifest: Manifest) => { (container(manifest)["securityContext"] as Record<string, unknown>)["allowPrivilegeEscalation"] = true; }, "allowPrivilegeEscalation"],
    ["a writable root filesystem", (manifest: Manifest) => { delete (container(manifest)["securityContext"] as Record<string, unknown>)["readOnlyRootFilesystem"]; }, "readOnlyRootFilesystem"],
    ["kept capabilities", (manifest: Manifest) => { (container(manifest)["securityContext"] as Record<string, unknown>)["capabilities"] = { drop: ["NET_RAW"] }; }, "drop ALL"],
    ["no limits", (manifest: Manifest) => { delete (container(manifest)["resources"] as Record<string, unknown>)["limits"]; }, "resources.limits"],
    ["no readiness probe", (manifest: Manifest) => { delete container(manifest)["readinessProbe"]; }, "readinessProbe"],
    ["a latest image", (manifest: Manifest) => { container(manifest)["image"] = "wallet/account:latest"; }, "exact tag"],
  ])("refuse a Deployment with %s", (_case, breakIt, message) => {
    const broken = deployment();
    breakIt(broken);
    expect(checkManifest(broken).join("\n")).toContain(message);
  });

  it("refuse a kind nobody reviewed and a Certificate that is not for mutual TLS", () => {
    expect(checkManifest({ apiVersion: "v1", kind: "Pod", metadata: { name: "x" } }).join()).toContain("not a kind");
    const certificate = structuredClone(find(render("account", "prod"), "Certificate"));
    (certificate["spec"] as Record<string, unknown>)["usages"] = ["server auth"];
    expect(checkManifest(certificate).join()).toContain("client auth");
  });
});
