import { randomBytes } from "node:crypto";
import { ChannelCredentials, type ServiceDefinition } from "@grpc/grpc-js";
import { OPERATOR_NAME, Platform, type ServiceName } from "@wallet/platform-launcher";
import { createClient, type PromiseClient, ServiceIdentity } from "@wallet/service-kit";
import { OtlpSink } from "./otlp-sink";

export interface CapturedLine {
  service: ServiceName;
  line: string;
}

export interface TestPlatformOptions {
  /** Extra environment per process (for example a short saga deadline). */
  environmentOf?: Partial<Record<ServiceName, Record<string, string>>>;
  environment?: Record<string, string>;
  /** Echo every log line of the processes to this process's stdout. */
  echoLogs?: boolean;
}

/**
 * The real platform for a test: the five processes on free ports, over the run's store with
 * database names of their own, exporting spans to an in-test OTLP receiver. Every log line
 * the processes write is kept, so a test can scan them.
 */
export class TestPlatform {
  private readonly clients: { close(): void }[] = [];

  private constructor(readonly platform: Platform, readonly sink: OtlpSink, readonly logs: CapturedLine[]) {}

  static async start(options: TestPlatformOptions = {}): Promise<TestPlatform> {
    const storeUri = process.env["WALLET_TEST_STORE_URI"] ?? process.env["MONGODB_URI"];
    if (!storeUri) throw new Error("no store: run under @wallet/local-store/test-store or set MONGODB_URI");
    const sink = await OtlpSink.start();
    const logs: CapturedLine[] = [];
    const platform = await Platform.launch({
      storeUri,
      databasePrefix: `t${randomBytes(4).toString("hex")}_`,
      environment: { ...sink.exporterEnvironment(), LOG_LEVEL: "info", ...options.environment },
      ...(options.environmentOf ? { environmentOf: options.environmentOf } : {}),
      sink: (service, line) => {
        logs.push({ service, line });
        if (options.echoLogs ?? process.env["WALLET_TEST_ECHO_LOGS"] === "true") process.stdout.write(`[${service}] ${line}\n`);
      },
    });
    return new TestPlatform(platform, sink, logs);
  }

  /** A promise client of one of the platform's services, as an outside caller sees it. */
  client<Definition extends ServiceDefinition>(definition: Definition, service: ServiceName): PromiseClient<Definition> {
    const client = createClient(definition, {
      address: this.platform.address(service),
      audience: service,
      credentials: ChannelCredentials.createInsecure(),
      defaultDeadlineMs: 15_000,
    });
    this.clients.push(client);
    return client;
  }

  /** A client that calls as the platform's operator tool (signed operator assertion). */
  async operatorClient<Definition extends ServiceDefinition>(definition: Definition, service: ServiceName): Promise<PromiseClient<Definition>> {
    const client = createClient(definition, {
      address: this.platform.address(service),
      audience: service,
      credentials: ChannelCredentials.createInsecure(),
      defaultDeadlineMs: 15_000,
      identity: await ServiceIdentity.fromJwk(OPERATOR_NAME, this.platform.wiring.secrets.operatorKey),
    });
    this.clients.push(client);
    return client;
  }

  /** A client that calls as one of the platform's services (for contract tests of service-only RPCs). */
  async serviceClient<Definition extends ServiceDefinition>(definition: Definition, target: ServiceName, as: string): Promise<PromiseClient<Definition>> {
    const key = this.platform.wiring.secrets.serviceKeys[as];
    if (!key) throw new Error(`no key for service ${as}`);
    const client = createClient(definition, {
      address: this.platform.address(target),
      audience: target,
      credentials: ChannelCredentials.createInsecure(),
      defaultDeadlineMs: 15_000,
      identity: await ServiceIdentity.fromJwk(as, key),
    });
    this.clients.push(client);
    return client;
  }

  /** Headers the sandbox bank's staff API expects. */
  adminHeaders(): Record<string, string> {
    return { "x-sandbox-admin-token": this.platform.wiring.secrets.sandboxAdminToken };
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.close();
    await this.platform.stop();
    await this.sink.stop();
  }
}
