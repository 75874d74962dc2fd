import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./repo";

const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, {
  cwd,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "pipe"],
  env: { ...process.env, CI: "true", TURBO_TELEMETRY_DISABLED: "1" },
});

const turbo = () => join(REPO_ROOT, "node_modules", ".bin", "turbo");

/** `turbo prune <package> --docker`, as the Dockerfile's pruner stage runs it. */
export function prune(packageName: string, outDirectory = mkdtempSync(join(tmpdir(), "wallet-prune-"))): string {
  run(turbo(), ["prune", packageName, "--docker", "--out-dir", outDirectory], REPO_ROOT);
  return outDirectory;
}

/**
 * The Dockerfile's builder stage outside Docker: install the pruned workspace, add proto/,
 * build the service and what it needs, then reinstall production dependencies only. The pnpm
 * store is the workspace's own, so nothing is downloaded. Returns the workspace folder.
 */
export function buildPruned(packageName: string, pruned: string): string {
  const workspace = join(pruned, "full");
  const store = run("pnpm", ["store", "path"], REPO_ROOT).trim();
  const pnpm = (...args: string[]) => run("pnpm", [...args, "--store-dir", store], workspace);
  cpSync(join(pruned, "pnpm-lock.yaml"), join(workspace, "pnpm-lock.yaml"));
  pnpm("install", "--frozen-lockfile", "--offline");
  cpSync(join(REPO_ROOT, "proto"), join(workspace, "proto"), { recursive: true });
  run(join(workspace, "node_modules", ".bin", "turbo"), ["run", "build", `--filter=${packageName}...`, "--output-logs=errors-only", "--concurrency=2"], workspace);
  run("bash", ["-c", "rm -rf node_modules packages/*/node_modules services/*/node_modules packages/*/test services/*/test"], workspace);
  pnpm("install", "--prod", "--frozen-lockfile", "--offline", `--filter-prod=${packageName}...`);
  return workspace;
}
