import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, loadConfig, serviceEnvironment, storeEnvironment } from "../src/config/load-config";

const schema = z.object({ ...serviceEnvironment, ...storeEnvironment, SECRET_KEY: z.string().min(16) });

describe("configuration from the environment", () => {
  it("reports every problem by variable name, without echoing values", () => {
    let error: unknown;
    try {
      loadConfig(schema, { GRPC_PORT: "not-a-port", MONGODB_URI: "http://nope", SECRET_KEY: "short-secret", METRICS_PORT: "prometheus" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("GRPC_PORT");
    expect(message).toContain("MONGODB_URI: must be a mongodb:// or mongodb+srv:// URI");
    expect(message).toContain("MONGODB_DATABASE is required but not set");
    expect(message).toContain("SECRET_KEY");
    expect(message).toContain("METRICS_PORT");
    expect(message).not.toContain("short-secret");
  });

  it("applies defaults and coerces numbers", () => {
    const config = loadConfig(schema, { GRPC_PORT: "50051", MONGODB_URI: "mongodb://h:1/", MONGODB_DATABASE: "account", SECRET_KEY: "0123456789abcdef" });
    expect(config).toMatchObject({ GRPC_PORT: 50051, GRPC_HOST: "127.0.0.1", MONGODB_POOL_SIZE: 20, LOG_LEVEL: "info" });
    expect(config.METRICS_PORT).toBeUndefined();
  });
});
