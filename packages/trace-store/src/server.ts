import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { toJaegerTrace } from "./jaeger-format";
import { decodeJson, decodeProtobuf } from "./otlp-decode";
import { SpanMemory } from "./span-memory";

export interface TraceStoreOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** How many traces to keep (the oldest go first). */
  maxTraces?: number;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const TRACE_PATH = /^\/api\/traces\/([0-9a-fA-F]{1,32})$/;

/**
 * The local trace store: services export to `POST /v1/traces` (OTLP/HTTP, protobuf or JSON) and
 * clients read `GET /api/traces/{traceId}` in the Jaeger query API's shape, so `walletctl trace`
 * works the same against this store and a real Jaeger.
 */
export class TraceStore {
  private constructor(private readonly server: Server, readonly memory: SpanMemory, readonly url: string) {}

  static async start(options: TraceStoreOptions = {}): Promise<TraceStore> {
    const memory = new SpanMemory(options.maxTraces ?? 1_000);
    const server = createServer((request, response) => {
      handle(memory, request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("trace store did not bind");
    return new TraceStore(server, memory, `http://${host}:${address.port}`);
  }

  /** The base endpoint for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  get otlpEndpoint(): string {
    return this.url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function handle(memory: SpanMemory, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  if (request.method === "POST" && path === "/v1/traces") return receive(memory, request, response);
  const match = TRACE_PATH.exec(path);
  if (request.method === "GET" && match?.[1]) {
    const traceId = match[1].toLowerCase().padStart(32, "0");
    const spans = memory.trace(traceId);
    if (!spans) return json(response, 404, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: "trace not found" }] });
    return json(response, 200, { data: [toJaegerTrace(traceId, spans)], total: 0, limit: 0, offset: 0, errors: null });
  }
  json(response, 404, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: "not found" }] });
}

async function receive(memory: SpanMemory, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
  let body: Buffer;
  try {
    body = await readBody(request);
    if (request.headers["content-encoding"] === "gzip") body = gunzipSync(body);
  } catch {
    return json(response, 413, { message: "body too large or not readable" });
  }
  try {
    if (contentType === "application/x-protobuf") {
      memory.add(decodeProtobuf(body));
      // An empty ExportTraceServiceResponse: full success.
      response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
      return;
    }
    if (contentType === "application/json") {
      memory.add(decodeJson(body.toString("utf8")));
      return json(response, 200, {});
    }
    return json(response, 415, { message: "content-type must be application/x-protobuf or application/json" });
  } catch {
    // A body we cannot decode is the exporter's fault: 400 tells it not to retry.
    return json(response, 400, { message: "not an OTLP ExportTraceServiceRequest" });
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function json(response: ServerResponse, statusCode: number, value: unknown): void {
  response.writeHead(statusCode, { "content-type": "application/json" }).end(JSON.stringify(value));
}
