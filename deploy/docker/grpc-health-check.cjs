#!/usr/bin/env node
// Container health check over the gRPC health protocol (grpc.health.v1.Health/Check), shipped in
// every image: Docker's HEALTHCHECK runs it (Kubernetes probes natively, on the plaintext
// health-only HEALTH_PORT in the prod overlay), and it can present the service's certificate.
//
//   node grpc-health-check.cjs [host:port] [service]
//
// Address defaults to 127.0.0.1:$GRPC_PORT. With TLS_CA_FILE, TLS_CERT_FILE and TLS_KEY_FILE set
// (the production profile) it connects with the service's own mutual-TLS identity; the name it
// expects in the server certificate is HEALTHCHECK_TLS_SERVER_NAME (default: OTEL_SERVICE_NAME).
// Exit code 0 means SERVING; anything else is unhealthy. It prints no secrets, only the status.
"use strict";
const { createRequire } = require("node:module");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

// @grpc/grpc-js is a dependency of @wallet/service-kit, which every service depends on; resolving
// it through the service's own dependency tree means the image needs nothing extra installed.
function loadGrpc() {
  const fromService = createRequire(join(process.cwd(), "package.json"));
  const serviceKit = fromService.resolve("@wallet/service-kit");
  return createRequire(serviceKit)("@grpc/grpc-js");
}

const STATUS_NAMES = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

// HealthCheckRequest { string service = 1; }
function encodeRequest(service) {
  const name = Buffer.from(service, "utf8");
  return name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a, name.length]), name]);
}

// HealthCheckResponse { ServingStatus status = 1; } (an enum is a varint; absent means UNKNOWN).
function decodeResponse(bytes) {
  for (let offset = 0; offset < bytes.length;) {
    const tag = bytes[offset++];
    if (tag === 0x08) return STATUS_NAMES[bytes[offset]] ?? "UNKNOWN";
    throw new Error(`unexpected field tag ${tag} in the health response`);
  }
  return "UNKNOWN";
}

function credentialsFor(grpc, env) {
  if (!env.TLS_CA_FILE) return { credentials: grpc.credentials.createInsecure(), options: {} };
  const credentials = grpc.credentials.createSsl(readFileSync(env.TLS_CA_FILE), readFileSync(env.TLS_KEY_FILE), readFileSync(env.TLS_CERT_FILE));
  const serverName = env.HEALTHCHECK_TLS_SERVER_NAME || env.OTEL_SERVICE_NAME;
  return { credentials, options: serverName ? { "grpc.ssl_target_name_override": serverName } : {} };
}

function main() {
  const env = process.env;
  const address = process.argv[2] || `127.0.0.1:${env.GRPC_PORT ?? ""}`;
  const service = process.argv[3] ?? "";
  const deadlineMs = Number(env.HEALTHCHECK_TIMEOUT_MS || 2000);
  const grpc = loadGrpc();
  const { credentials, options } = credentialsFor(grpc, env);
  const client = new grpc.Client(address, credentials, options);
  client.makeUnaryRequest(
    "/grpc.health.v1.Health/Check",
    encodeRequest,
    decodeResponse,
    service,
    { deadline: Date.now() + deadlineMs },
    (error, status) => {
      client.close();
      if (error) {
        process.stderr.write(`health check of ${address} failed: ${grpc.status[error.code] ?? error.code}\n`);
        process.exit(1);
      }
      process.stdout.write(`${status}\n`);
      process.exit(status === "SERVING" ? 0 : 1);
    },
  );
}

main();
