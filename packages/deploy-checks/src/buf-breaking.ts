import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./repo";

/** The buf binary of the @bufbuild/buf npm package (the same version the contracts lint with). */
export function bufBinary(): string {
  return join(REPO_ROOT, "packages", "deploy-checks", "node_modules", ".bin", "buf");
}

/** Runs `buf breaking` of a proto tree against a committed buf image; ok when nothing breaks. */
export function bufBreaking(protoDirectory: string, againstImage: string): { ok: boolean; output: string } {
  const result = spawnSync(bufBinary(), ["breaking", protoDirectory, "--against", againstImage], { encoding: "utf8" });
  if (result.error) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}
