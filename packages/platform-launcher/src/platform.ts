import getPort from "get-port";
import { generateSecrets, type PlatformSecrets } from "./secrets";
import { environmentFor, SERVICE_NAMES, type ServiceName, type Wiring } from "./service-catalog";
import { type LineSink, ServiceProcess } from "./service-process";

export interface LaunchOptions {
  storeUri: string;
  databasePrefix: string;
  /** Fixed ports by service; free ports otherwise. */
  ports?: Partial<Record<ServiceName, number>>;
  host?: string;
  secrets?: PlatformSecrets;
  /** Extra environment for every process (telemetry endpoint, log level, ...). */
  environment?: Record<string, string>;
  /** Extra environment per process. */
  environmentOf?: Partial<Record<ServiceName, Record<string, string>>>;
  sink: LineSink;
  startTimeoutMs?: number;
}

/** The five processes of one platform instance, started in dependency order. */
export class Platform {
  private constructor(
    readonly wiring: Wiring,
    readonly processes: Record<ServiceName, ServiceProcess>,
  ) {}

  static async launch(options: LaunchOptions): Promise<Platform> {
    const host = options.host ?? "127.0.0.1";
    const addresses = {} as Record<ServiceName, string>;
    for (const name of SERVICE_NAMES) addresses[name] = `${host}:${options.ports?.[name] ?? (await getPort({ host }))}`;
    const wiring: Wiring = {
      addresses,
      storeUri: options.storeUri,
      databasePrefix: options.databasePrefix,
      secrets: options.secrets ?? (await generateSecrets()),
    };
    const processes = {} as Record<ServiceName, ServiceProcess>;
    for (const name of SERVICE_NAMES) {
      const environment = { ...environmentFor(name, wiring), ...options.environment, ...options.environmentOf?.[name] };
      processes[name] = new ServiceProcess(name, addresses[name], environment, options.sink);
    }
    const platform = new Platform(wiring, processes);
    try {
      // Identity first (everyone's gate), the bank next (bank-link's dependency); the rest only
      // need their peers at call time, so they start together.
      await processes.identity.start(options.startTimeoutMs);
      await processes["sandbox-bank"].start(options.startTimeoutMs);
      await Promise.all((["account", "bank-link", "payment"] as const).map((name) => processes[name].start(options.startTimeoutMs)));
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return platform;
  }

  address(name: ServiceName): string {
    return this.wiring.addresses[name];
  }

  /** Graceful stop, callers first so in-flight flows drain before their dependencies go. */
  async stop(): Promise<void> {
    for (const name of ["payment", "bank-link", "account", "sandbox-bank", "identity"] as const) {
      await this.processes[name].stop();
    }
  }
}
