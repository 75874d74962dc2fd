import { Server, ServerCredentials, type ServiceDefinition } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";
import { type Logger } from "pino";
import { shutdownTelemetry } from "@wallet/telemetry";
import { serverCredentials, type TransportConfig } from "../transport";
import { bindService, type ServiceHandlers } from "./bind-service";
import { errorInterceptor } from "./error-interceptor";
import { type Interceptor } from "./interceptor";
import { loggingInterceptor } from "./logging-interceptor";
import { metricsInterceptor } from "./metrics-interceptor";

export interface HostedService<Definition extends ServiceDefinition = ServiceDefinition> {
  /** Fully-qualified protobuf service name, reported by the health service. */
  name: string;
  definition: Definition;
  handlers: ServiceHandlers<Definition>;
}

/** Ties a definition to its handlers with the handlers typed by the definition. */
export function hosted<Definition extends ServiceDefinition>(
  name: string,
  definition: Definition,
  handlers: ServiceHandlers<Definition>,
): HostedService {
  return { name, definition, handlers };
}

export interface ServerOptions {
  /** Short service name ("account"); the domain of its errors and the name in its logs. */
  serviceName: string;
  host: string;
  port: number;
  credentials: ServerCredentials;
  /** How long a shutdown waits for in-flight calls before cutting them off. */
  shutdownGraceMs: number;
  /**
   * A second, plaintext port that answers grpc.health.v1 and nothing else, for probes that
   * cannot present a client certificate to the mutual-TLS port (the kubelet's native gRPC
   * probe); none when unset. It tells whether the process serves, never anything more.
   */
  healthPort?: number | undefined;
  logger: Logger;
  /** Interceptors after logging and error mapping, in order (the gate first). */
  interceptors: readonly Interceptor[];
  services: readonly HostedService[];
}

type ShutdownHook = () => Promise<void> | void;

/** A running gRPC server with health reporting and a graceful, draining shutdown. */
export class ServiceRuntime {
  private readonly hooks: ShutdownHook[] = [];
  private shuttingDown: Promise<void> | undefined;

  constructor(
    private readonly server: Server,
    private readonly health: HealthImplementation,
    private readonly serviceNames: readonly string[],
    private readonly options: ServerOptions,
    readonly address: string,
    /** The plaintext health-only endpoint, when `healthPort` asked for one. */
    private readonly healthEndpoint?: { server: Server; address: string },
  ) {}

  /** Where the plaintext health-only endpoint listens, if there is one. */
  get healthAddress(): string | undefined {
    return this.healthEndpoint?.address;
  }

  /** Runs after the server has drained, last registered first (workers, then the database). */
  onShutdown(hook: ShutdownHook): void {
    this.hooks.push(hook);
  }

  /** Reports SERVING for the process and every hosted service. */
  markServing(): void {
    this.setAll("SERVING");
  }

  shutdown(reason: string): Promise<void> {
    this.shuttingDown ??= this.drain(reason);
    return this.shuttingDown;
  }

  private async drain(reason: string): Promise<void> {
    const { logger, shutdownGraceMs } = this.options;
    logger.info({ reason }, "shutting down: refusing new calls, draining in-flight calls");
    this.setAll("NOT_SERVING");
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), shutdownGraceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!drained) {
      logger.warn({ grace_ms: shutdownGraceMs }, "grace period over: cancelling the calls still running");
      this.server.forceShutdown();
    }
    // Probes kept hearing NOT_SERVING while the calls drained; nothing is left to report on.
    this.healthEndpoint?.server.forceShutdown();
    for (const hook of [...this.hooks].reverse()) {
      try {
        await hook();
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, "shutdown hook failed");
      }
    }
    logger.info("stopped");
    await shutdownTelemetry();
  }

  private setAll(status: "SERVING" | "NOT_SERVING"): void {
    this.health.setStatus("", status);
    for (const name of this.serviceNames) this.health.setStatus(name, status);
  }
}

/** Where and how a service listens, from the variables every service reads. */
export function listenOptions(config: TransportConfig & { GRPC_HOST: string; GRPC_PORT: number; SHUTDOWN_GRACE_MS: number; HEALTH_PORT?: number | undefined }) {
  return { host: config.GRPC_HOST, port: config.GRPC_PORT, credentials: serverCredentials(config), shutdownGraceMs: config.SHUTDOWN_GRACE_MS, healthPort: config.HEALTH_PORT };
}

/**
 * Binds the services behind the standard interceptor chain (RED metrics, logging, then error
 * mapping, then the caller's interceptors such as the gate) plus grpc.health.v1.Health, and starts
 * listening. Health reports NOT_SERVING until `markServing` is called.
 */
export async function startServer(options: ServerOptions): Promise<ServiceRuntime> {
  const server = new Server({
    "grpc.keepalive_time_ms": 30_000,
    "grpc.keepalive_timeout_ms": 10_000,
    "grpc.max_receive_message_length": 4 * 1024 * 1024,
  });
  const interceptors = [metricsInterceptor, loggingInterceptor, errorInterceptor(options.serviceName), ...options.interceptors];
  const serviceNames = options.services.map((service) => service.name);
  const health = new HealthImplementation({ "": "NOT_SERVING", ...Object.fromEntries(serviceNames.map((name) => [name, "NOT_SERVING" as const])) });
  health.addToServer(server);
  for (const service of options.services) {
    server.addService(service.definition, bindService(service.definition, service.handlers, interceptors, options.logger));
  }
  const address = await bind(server, options.host, options.port, options.credentials);
  options.logger.info({ endpoint: address }, "listening");
  let healthEndpoint: { server: Server; address: string } | undefined;
  if (options.healthPort !== undefined) {
    const healthServer = new Server();
    health.addToServer(healthServer);
    healthEndpoint = { server: healthServer, address: await bind(healthServer, options.host, options.healthPort, ServerCredentials.createInsecure()) };
    options.logger.info({ endpoint: healthEndpoint.address }, "health endpoint listening (plaintext, grpc.health.v1 only)");
  }
  return new ServiceRuntime(server, health, serviceNames, options, address, healthEndpoint);
}

async function bind(server: Server, host: string, port: number, credentials: ServerCredentials): Promise<string> {
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
  });
  return `${host}:${bound}`;
}
