import { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads configuration from the environment through a zod schema whose keys are variable names.
 * Every problem is reported at once, by variable name, without echoing values (they may be
 * secrets).
 */
export function loadConfig<Schema extends z.ZodObject>(schema: Schema, env: NodeJS.ProcessEnv = process.env): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join(".") || "(environment)";
    return issue.code === "invalid_type" && issue.input === undefined
      ? `${variable} is required but not set`
      : `${variable}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** Parses a variable holding JSON, reporting malformed JSON as a configuration problem. */
export function jsonVariable<T extends z.ZodType>(inner: T) {
  return z.string().transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "must be valid JSON" });
      return z.NEVER;
    }
  }).pipe(inner);
}

const port = z.coerce.number().int().min(0).max(65535);

/** Variables every service reads. */
export const serviceEnvironment = {
  GRPC_HOST: z.string().default("127.0.0.1"),
  GRPC_PORT: port,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Where Prometheus scrapes this process's metrics (`/metrics`); read by the telemetry
   * bootstrap, declared here so a bad value is refused by name like any other variable.
   */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /**
   * A plaintext port answering only grpc.health.v1, for the kubelet's native gRPC probes where
   * GRPC_PORT requires mutual TLS (the prod overlay); none when unset.
   */
  HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
};

/** Where a service finds its own database: any MongoDB-wire server (MongoDB or FerretDB). */
export const storeEnvironment = {
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, "must be a mongodb:// or mongodb+srv:// URI"),
  MONGODB_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, "must be 1-63 letters, digits, _ or -"),
  MONGODB_POOL_SIZE: z.coerce.number().int().positive().default(20),
};

/** The address of another service, as host:port. */
export const address = z.string().regex(/^[^\s:]+:\d{1,5}$/, "must be host:port");
