import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { SERVICE_NODE_FLAGS, SERVICE_RUNTIME_ENVIRONMENT } from "@wallet/platform-launcher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPruned, prune } from "../src/pruned-build";
import { REPO_ROOT, SERVICE_NAMES, SERVICES } from "../src/repo";

const HEALTH_CHECK = join(REPO_ROOT, "deploy", "docker", "grpc-health-check.cjs");

describe.each(SERVICE_NAMES)("turbo prune of %s", (service) => {
  it("keeps the service and its workspace dependencies, and no other service", () => {
    const out = prune(SERVICES[service].packageName);
    try {
      expect(readdirSync(join(out, "full", "services"))).toEqual([service]);
      expect(existsSync(join(out, "json", "services", service, "package.json"))).toBe(true);
      expect(existsSync(join(out, "pnpm-lock.yaml"))).toBe(true);
      expect(readdirSync(join(out, "full", "packages"))).toEqual(expect.arrayContaining(["contracts", "service-kit", "telemetry"]));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

// The image's builder and runtime stages without Docker, for one service end to end: the pruned
// workspace is installed and built, production dependencies only are reinstalled, and the
// service starts from that folder alone, as the container's CMD starts it.
describe("the sandbox-bank image build, outside Docker", () => {
  let pruned = "";
  let workspace = "";
  let child: ChildProcess | undefined;
  const port = 50_700 + Math.floor(Math.random() * 200);
  const environment = () => ({
    PATH: process.env["PATH"] ?? "",
    GRPC_HOST: "127.0.0.1",
    GRPC_PORT: String(port),
    MONGODB_URI: testStoreUri(),
    MONGODB_DATABASE: uniqueDatabaseName("deploy_sandbox_bank"),
    WALLET_PROFILE: "dev",
    OTEL_SERVICE_NAME: "sandbox-bank",
    OTEL_TRACES_EXPORTER: "none",
    TRUSTED_SERVICE_KEYS: "{}",
    SANDBOX_ADMIN_TOKEN: "deploy-checks-admin-token",
    PII_ENCRYPTION_KEYS: JSON.stringify({ b1: Buffer.alloc(32, 7).toString("base64") }),
    PII_ACTIVE_KEY_ID: "b1",
    PII_INDEX_KEY: Buffer.alloc(32, 9).toString("base64"),
  });

  beforeAll(() => {
    pruned = prune(SERVICES["sandbox-bank"].packageName);
    workspace = buildPruned(SERVICES["sandbox-bank"].packageName, pruned);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    if (pruned) rmSync(pruned, { recursive: true, force: true });
  });

  it("leaves production dependencies only", () => {
    const installed = readdirSync(join(workspace, "node_modules", ".pnpm")).join("\n");
    for (const tool of ["typescript@", "vitest@", "eslint@", "@bufbuild+buf@", "ts-proto@", "turbo@"]) expect(installed).not.toContain(tool);
    expect(installed).toContain("@grpc+grpc-js@");
    expect(existsSync(join(workspace, "services", "sandbox-bank", "dist", "main.js"))).toBe(true);
  });

  it("starts from the pruned output alone and answers its gRPC health check with SERVING", async () => {
    const env = environment();
    const cwd = join(workspace, "services", "sandbox-bank");
    const check = () => execFileSync(process.execPath, [HEALTH_CHECK], { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    // Nothing listens yet: the health check must fail, or a later SERVING would prove nothing.
    expect(check).toThrow();
    child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, "--import", "@wallet/telemetry/register", "dist/main.js"], { cwd, env: { ...SERVICE_RUNTIME_ENVIRONMENT, ...env }, stdio: "ignore" });
    const deadline = Date.now() + 30_000;
    let answer = "";
    while (Date.now() < deadline && answer !== "SERVING") {
      expect(child.exitCode, "the service exited").toBeNull();
      try {
        answer = check();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    expect(answer).toBe("SERVING");
  });
});
