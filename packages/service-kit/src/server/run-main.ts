import { type Logger } from "pino";
import { ConfigError } from "../config/load-config";
import { type ServiceRuntime } from "./grpc-server";

/**
 * The outer frame of every service's main.ts: a configuration problem ends the process with a
 * clear message and exit code 78 (EX_CONFIG); SIGTERM and SIGINT start a graceful shutdown.
 */
export function runMain(logger: Logger, start: () => Promise<ServiceRuntime>): void {
  start().then(
    (runtime) => {
      const stop = (signal: NodeJS.Signals) => {
        runtime.shutdown(signal).then(() => process.exit(0), () => process.exit(1));
      };
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      runtime.markServing();
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(78);
      }
      logger.fatal({ err: error instanceof Error ? { type: error.name, message: error.message, stack: error.stack } : String(error) }, "failed to start");
      process.exit(1);
    },
  );
}
