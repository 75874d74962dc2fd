import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Service, ServiceAccount } from "kubernetes-models/v1";
import { isRecord, type Manifest } from "./kustomize";

interface Validating { validate(): void }
type ModelConstructor = new (data: never) => Validating;


// Validators generated from the Kubernetes OpenAPI schemas (kubernetes-models), per kind.
const MODELS: Record<string, ModelConstructor> = {
  "apps/v1/Deployment": Deployment,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
};

/** Problems of one rendered manifest: its schema, then our hardening rules. Empty means valid. */
export function checkManifest(manifest: Manifest): string[] {
  const id = `${manifest.kind}/${manifest.metadata.name}`;
  if (manifest.kind === "Certificate") return checkCertificate(manifest).map((problem) => `${id}: ${problem}`);
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) return [`${id}: ${manifest.apiVersion} ${manifest.kind} is not a kind these manifests may use`];
  const problems: string[] = [];
  try {
    new Model(manifest as never).validate();
  } catch (error) {
    problems.push(`schema: ${(error as Error).message}`);
  }
  if (manifest.kind === "Deployment") problems.push(...checkDeployment(manifest));
  return problems.map((problem) => `${id}: ${problem}`);
}

function checkDeployment(manifest: Manifest): string[] {
  const problems: string[] = [];
  const template = path(manifest, ["spec", "template"]);
  const pod = path(template, ["spec"]);
  const podSecurity = path(pod, ["securityContext"]);
  if (path(podSecurity, ["runAsNonRoot"]) !== true) problems.push("pod securityContext.runAsNonRoot must be true");
  if (path(podSecurity, ["seccompProfile", "type"]) !== "RuntimeDefault") problems.push("pod seccompProfile must be RuntimeDefault");
  const annotations = path(template, ["metadata", "annotations"]);
  if (path(annotations, ["prometheus.io/scrape"]) !== "true" || path(annotations, ["prometheus.io/port"]) !== "9464") problems.push("pod must carry prometheus.io/scrape and prometheus.io/port=9464");
  const containers = path(pod, ["containers"]);
  for (const container of Array.isArray(containers) ? containers : []) {
    const name = String(path(container, ["name"]));
    const security = path(container, ["securityContext"]);
    if (path(security, ["allowPrivilegeEscalation"]) !== false) problems.push(`${name}: allowPrivilegeEscalation must be false`);
    if (path(security, ["readOnlyRootFilesystem"]) !== true) problems.push(`${name}: readOnlyRootFilesystem must be true`);
    if (path(security, ["runAsNonRoot"]) !== true) problems.push(`${name}: runAsNonRoot must be true`);
    const drop = path(security, ["capabilities", "drop"]);
    if (!Array.isArray(drop) || !drop.includes("ALL")) problems.push(`${name}: capabilities must drop ALL`);
    if (path(security, ["seccompProfile", "type"]) !== "RuntimeDefault") problems.push(`${name}: seccompProfile must be RuntimeDefault`);
    for (const kind of ["requests", "limits"]) {
      for (const resource of ["cpu", "memory"]) if (path(container, ["resources", kind, resource]) === undefined) problems.push(`${name}: resources.${kind}.${resource} is missing`);
    }
    for (const probe of ["readinessProbe", "livenessProbe"]) {
      const value = path(container, [probe]);
      if (path(value, ["grpc"]) === undefined && path(value, ["exec"]) === undefined) problems.push(`${name}: ${probe} must ask the gRPC health service (grpc, or exec of the health check under mutual TLS)`);
    }
    const image = path(container, ["image"]);
    if (typeof image !== "string" || !/:[\w.-]+$/.test(image) || image.endsWith(":latest")) problems.push(`${name}: image must have an exact tag (not latest)`);
    const ports = path(container, ["ports"]);
    if (!Array.isArray(ports) || !ports.some((port) => path(port, ["name"]) === "metrics" && path(port, ["containerPort"]) === 9464)) problems.push(`${name}: must expose port 9464 named metrics`);
  }
  return problems;
}

// cert-manager's CRD schema is not bundled with kubernetes-models; check what the pods rely on.
function checkCertificate(manifest: Manifest): string[] {
  const problems: string[] = [];
  if (manifest.apiVersion !== "cert-manager.io/v1") problems.push("apiVersion must be cert-manager.io/v1");
  const spec = path(manifest, ["spec"]);
  if (typeof path(spec, ["secretName"]) !== "string") problems.push("spec.secretName is required");
  if (typeof path(spec, ["issuerRef", "name"]) !== "string") problems.push("spec.issuerRef.name is required");
  const usages = path(spec, ["usages"]);
  if (!Array.isArray(usages) || !usages.includes("server auth") || !usages.includes("client auth")) problems.push("usages must include server auth and client auth (mutual TLS)");
  const dnsNames = path(spec, ["dnsNames"]);
  if (!Array.isArray(dnsNames) || dnsNames.length === 0) problems.push("spec.dnsNames is required");
  return problems;
}

export function path(value: unknown, keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}
