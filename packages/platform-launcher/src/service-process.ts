import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { waitUntilServing } from "./health-probe";
import { serviceDirectory, type ServiceName } from "./service-catalog";
import { SERVICE_NODE_FLAGS, SERVICE_RUNTIME_ENVIRONMENT } from "./service-runtime";

export type LineSink = (service: ServiceName, line: string, stream: "stdout" | "stderr") => void;

/**
 * One service as an operating-system process: `node --import @wallet/telemetry/register
 * dist/main.js` in its package folder, the way a container runs it.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: ServiceName,
    readonly address: string,
    private environment: Record<string, string>,
    private readonly sink: LineSink,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until its health check answers SERVING. */
  async start(timeoutMs = 30_000, extraEnvironment: Record<string, string> = {}): Promise<void> {
    if (this.running) return;
    const env = { ...SERVICE_RUNTIME_ENVIRONMENT, ...process.env, ...this.environment, ...extraEnvironment };
    // Node's own flags that NODE_OPTIONS refuses (a CPU profile, for instance), space-separated;
    // they come after the standard ones, so they can override them (V8 takes the last value).
    const nodeFlags = (env["WALLET_NODE_FLAGS"] ?? "").split(" ").filter((flag) => flag !== "");
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...nodeFlags, "--import", "@wallet/telemetry/register", "dist/main.js"], {
      cwd: serviceDirectory(this.name),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    for (const [stream, source] of [["stdout", child.stdout], ["stderr", child.stderr]] as const) {
      createInterface({ input: source }).on("line", (line) => this.sink(this.name, line, stream));
    }
    try {
      await waitUntilServing(this.address, timeoutMs, () => this.running);
    } catch (error) {
      throw new Error(`${this.name} did not start: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Graceful stop (SIGTERM: drain in-flight calls); SIGKILL if it does not exit in time. */
  async stop(timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.kill("SIGTERM");
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills the process at once, as a crash would: no drain, no cleanup. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill("SIGKILL");
    await this.exited;
  }

  /** Exit code or signal of the last run, once it has exited. */
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    if (!this.child || this.running) return undefined;
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }

  setEnvironment(overrides: Record<string, string>): void {
    this.environment = { ...this.environment, ...overrides };
  }
}
