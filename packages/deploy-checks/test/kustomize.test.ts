import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderKustomization } from "../src/kustomize";

function kustomization(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), "kustomize-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}

const configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { A: '1', B: '2' }\n";

describe("the kustomize renderer", () => {
  it("applies resources, a patch, a namespace and an image", () => {
    const directory = kustomization({
      "kustomization.yaml": "resources: [cm.yaml]\nnamespace: space\npatches: [{ path: patch.yaml }]\n",
      "cm.yaml": configMap,
      "patch.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { B: '3' }\n",
    });
    expect(renderKustomization(directory)).toEqual([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "space" }, data: { A: "1", B: "3" } }]);
  });

  it.each([
    ["a field it does not implement", { "kustomization.yaml": "resources: [cm.yaml]\nnamePrefix: x-\n", "cm.yaml": configMap }, "unsupported fields namePrefix"],
    ["a patch without a target", { "kustomization.yaml": "resources: [cm.yaml]\npatches: [{ path: p.yaml }]\n", "cm.yaml": configMap, "p.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: other }\n" }, "which no resource defines"],
    ["a broken YAML resource", { "kustomization.yaml": "resources: [cm.yaml]\n", "cm.yaml": "apiVersion: v1\nkind: [ConfigMap\n" }, "cm.yaml"],
    ["a document that is no Kubernetes object", { "kustomization.yaml": "resources: [cm.yaml]\n", "cm.yaml": "just: a map\n" }, "without apiVersion"],
    ["a missing resource file", { "kustomization.yaml": "resources: [missing.yaml]\n" }, "missing.yaml"],
  ])("refuses a kustomization with %s", (_case, files, message) => {
    expect(() => renderKustomization(kustomization(files))).toThrow(message);
  });
});
