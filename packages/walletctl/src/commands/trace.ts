import { type Command } from "commander";
import { runCommand } from "../context";
import { CliError } from "../errors";
import { type JaegerTraceJson, renderTree, spanTree } from "../span-tree";

/** From a payment id to the span tree of its flow, read from the trace store or a Jaeger. */
export function registerTrace(program: Command): void {
  program
    .command("trace <paymentId>")
    .description("the span tree of a payment's flow (service, span, duration, status)")
    .option("--trace-api <url>", "the trace store or Jaeger query API (or WALLETCTL_TRACE_API)")
    .option("--wait <seconds>", "how long to wait for the spans to arrive (exports are batched)", "15")
    .action((paymentId: string, options: { traceApi?: string; wait: string }, command: Command) => runCommand(command, async (context) => {
      const { payment } = await context.clients.payment.getPayment({ paymentId }, await context.asUser());
      const traceId = payment?.traceId ?? "";
      if (!traceId) throw new CliError(`payment ${paymentId} has no trace id`, 1, "NOT_FOUND");
      const api = (options.traceApi ?? process.env["WALLETCTL_TRACE_API"] ?? "http://127.0.0.1:16686").replace(/\/+$/, "");
      const trace = await context.output.progress("reading the trace", readTrace(api, traceId, Number(options.wait) * 1000));
      const roots = spanTree(trace);
      context.output.result([`trace ${traceId} (payment ${paymentId}, ${trace.spans.length} spans)`, ...renderTree(roots)], { paymentId, traceId, spans: trace.spans.length, tree: roots });
    }));
}

/**
 * Polls until the trace is whole: services export in batches, each on its own schedule, so an
 * early answer may hold only part of the flow. Whole means a root span is there, every span's
 * parent has arrived, and one more poll brought nothing new; after the wait, what has arrived.
 */
async function readTrace(api: string, traceId: string, waitMs: number): Promise<JaegerTraceJson> {
  const deadline = Date.now() + waitMs;
  let last: JaegerTraceJson | undefined;
  for (;;) {
    let response: Response;
    try {
      response = await fetch(`${api}/api/traces/${traceId}`, { signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      throw new CliError(`UNAVAILABLE: cannot reach the trace API at ${api} (${error instanceof Error ? error.message : String(error)}): start the platform with \`npm run up\` or pass --trace-api`, 1, "UNAVAILABLE");
    }
    if (response.ok) {
      const trace = ((await response.json()) as { data?: JaegerTraceJson[] }).data?.[0];
      if (trace && last && trace.spans.length === last.spans.length && isWhole(trace)) return trace;
      last = trace ?? last;
    } else if (response.status !== 404) {
      throw new CliError(`the trace API answered HTTP ${response.status}`, 1, "UNAVAILABLE");
    }
    if (Date.now() > deadline) {
      if (last) return last;
      throw new CliError(`NOT_FOUND: trace ${traceId} is not in the trace API at ${api} (yet?)`, 1, "NOT_FOUND");
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function isWhole(trace: JaegerTraceJson): boolean {
  const ids = new Set(trace.spans.map((span) => span.spanID));
  const parents = trace.spans.map((span) => span.references?.find((reference) => reference.refType === "CHILD_OF")?.spanID);
  return parents.includes(undefined) && parents.every((parent) => parent === undefined || ids.has(parent));
}
