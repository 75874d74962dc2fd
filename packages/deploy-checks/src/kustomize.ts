import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseAllDocuments, parseDocument } from "yaml";

export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

// The subset of Kustomize our kustomizations use. Anything else is refused rather than ignored,
// so a kustomization cannot silently mean something else here than in `kubectl apply -k`.
const SUPPORTED_KEYS = new Set(["apiVersion", "kind", "resources", "namespace", "images", "patches", "labels"]);

/** Parses every YAML document of a file; a syntax error names the file. */
export function readManifests(path: string): Manifest[] {
  return parseAllDocuments(readFileSync(path, "utf8")).flatMap((document): Manifest[] => {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors.map((error) => error.message).join("; ")}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return [];
    if (!isRecord(value) || typeof value["kind"] !== "string" || typeof value["apiVersion"] !== "string" || !isRecord(value["metadata"])) {
      throw new Error(`${path}: a document without apiVersion, kind and metadata`);
    }
    return [value as Manifest];
  });
}

/** Renders a kustomization directory to its resources, as `kustomize build` would. */
export function renderKustomization(directory: string): Manifest[] {
  const file = join(directory, "kustomization.yaml");
  if (!existsSync(file)) throw new Error(`${directory}: no kustomization.yaml`);
  const kustomization = parseKustomization(file);
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED_KEYS.has(key));
  if (unsupported.length > 0) throw new Error(`${file}: unsupported fields ${unsupported.join(", ")}`);

  let resources = stringList(kustomization["resources"], file, "resources").flatMap((entry) => {
    const path = resolve(directory, entry);
    if (!existsSync(path)) throw new Error(`${file}: resource ${entry} does not exist`);
    return statSync(path).isDirectory() ? renderKustomization(path) : readManifests(path);
  });
  for (const patch of recordList(kustomization["patches"], file, "patches")) {
    if (typeof patch["path"] !== "string") throw new Error(`${file}: only patches with a path are supported`);
    for (const patchDocument of readManifests(resolve(directory, patch["path"]))) {
      const index = resources.findIndex((resource) => resource.kind === patchDocument.kind && resource.metadata.name === patchDocument.metadata.name);
      if (index < 0) throw new Error(`${file}: patch ${patch["path"]} targets ${patchDocument.kind}/${patchDocument.metadata.name}, which no resource defines`);
      resources[index] = strategicMerge(resources[index], patchDocument) as Manifest;
    }
  }
  for (const label of recordList(kustomization["labels"], file, "labels")) {
    const pairs = label["pairs"] as Record<string, string>;
    resources = resources.map((resource) => ({ ...resource, metadata: { ...resource.metadata, labels: { ...resource.metadata.labels, ...pairs } } }));
  }
  const namespace = kustomization["namespace"];
  if (typeof namespace === "string") resources = resources.map((resource) => ({ ...resource, metadata: { ...resource.metadata, namespace } }));
  for (const image of recordList(kustomization["images"], file, "images")) resources = resources.map((resource) => replaceImage(resource, image));
  return resources;
}

function parseKustomization(file: string): Record<string, unknown> {
  const document = parseDocument(readFileSync(file, "utf8"));
  if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((error) => error.message).join("; ")}`);
  const value: unknown = document.toJS();
  if (!isRecord(value)) throw new Error(`${file}: not a kustomization`);
  return value;
}

/** Strategic merge as kustomize applies it to the fields we patch: maps merge, lists of named items merge by name, `$patch: replace` replaces. */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (isRecord(patch)) {
    if (patch["$patch"] === "replace") {
      const { $patch: _directive, ...replacement } = patch;
      return replacement;
    }
    const base = isRecord(target) ? { ...target } : {};
    for (const [key, value] of Object.entries(patch)) base[key] = strategicMerge(base[key], value);
    return base;
  }
  if (Array.isArray(patch) && Array.isArray(target) && patch.every((item) => isRecord(item) && typeof item["name"] === "string")) {
    const merged: unknown[] = [...(target as unknown[])];
    const added: unknown[] = [];
    for (const item of patch as Record<string, unknown>[]) {
      const index = merged.findIndex((existing) => isRecord(existing) && existing["name"] === item["name"]);
      if (index < 0) added.push(item);
      else merged[index] = strategicMerge(merged[index], item);
    }
    // Kustomize puts the items a patch adds before the existing ones.
    return [...added, ...merged];
  }
  return patch;
}

function replaceImage(resource: Manifest, image: Record<string, unknown>): Manifest {
  const text = JSON.stringify(resource, (key, value: unknown) => {
    if (key !== "image" || typeof value !== "string") return value;
    const [name] = value.split(":");
    if (name !== image["name"]) return value;
    const newName = typeof image["newName"] === "string" ? image["newName"] : name;
    const newTag = typeof image["newTag"] === "string" ? image["newTag"] : "latest";
    return `${newName}:${newTag}`;
  });
  return JSON.parse(text) as Manifest;
}

function stringList(value: unknown, file: string, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) throw new Error(`${file}: ${field} must be a list of paths`);
  return value;
}

function recordList(value: unknown, file: string, field: string): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) throw new Error(`${file}: ${field} must be a list of maps`);
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export const kustomizationDirectory = (file: string) => dirname(file);
