/** The parts of the Jaeger query API's trace JSON walletctl reads (our trace store speaks it too). */
export interface JaegerTraceJson {
  traceID: string;
  spans: { spanID: string; operationName: string; references?: { refType: string; spanID: string }[]; startTime: number; duration: number; tags?: { key: string; value: unknown }[]; processID: string }[];
  processes: Record<string, { serviceName: string }>;
}

export interface SpanNode {
  spanId: string;
  service: string;
  name: string;
  /** Microseconds since the epoch. */
  startTime: number;
  durationMs: number;
  /** OK, ERROR or UNSET. */
  status: string;
  children: SpanNode[];
}

/** Builds the span tree; spans whose parent never arrived become roots. */
export function spanTree(trace: JaegerTraceJson): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  for (const span of trace.spans) {
    const tags = new Map((span.tags ?? []).map((tag) => [tag.key, tag.value]));
    const code = tags.get("otel.status_code");
    const status = typeof code === "string" ? code : tags.get("error") === true ? "ERROR" : "UNSET";
    nodes.set(span.spanID, {
      spanId: span.spanID,
      service: trace.processes[span.processID]?.serviceName ?? "unknown",
      name: span.operationName,
      startTime: span.startTime,
      durationMs: span.duration / 1000,
      status,
      children: [],
    });
  }
  const roots: SpanNode[] = [];
  for (const span of trace.spans) {
    const node = nodes.get(span.spanID)!;
    const parentId = span.references?.find((reference) => reference.refType === "CHILD_OF")?.spanID;
    const parent = parentId ? nodes.get(parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const byStart = (a: SpanNode, b: SpanNode) => a.startTime - b.startTime;
  for (const node of nodes.values()) node.children.sort(byStart);
  return roots.sort(byStart);
}

/** The tree as indented lines: service, span name, duration, status. */
export function renderTree(roots: SpanNode[]): string[] {
  const lines: string[] = [];
  const walk = (node: SpanNode, prefix: string, last: boolean, top: boolean) => {
    const branch = top ? "" : last ? "└─ " : "├─ ";
    lines.push(`${prefix}${branch}[${node.service}] ${node.name}  ${node.durationMs.toFixed(1)} ms  ${node.status}`);
    const childPrefix = top ? "" : `${prefix}${last ? "   " : "│  "}`;
    node.children.forEach((child, index) => walk(child, childPrefix, index === node.children.length - 1, false));
  };
  roots.forEach((root) => walk(root, "", true, true));
  return lines;
}
