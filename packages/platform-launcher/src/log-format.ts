const COLOURS: Record<string, string> = {
  identity: "\u001b[35m",
  account: "\u001b[36m",
  "bank-link": "\u001b[33m",
  payment: "\u001b[32m",
  "sandbox-bank": "\u001b[34m",
  store: "\u001b[90m",
};
const RESET = "\u001b[0m";
const HIDDEN = new Set(["level", "time", "service", "msg", "pid", "hostname"]);

/**
 * One readable line per JSON log line, prefixed with the process name:
 * `12:00:01 payment      info  call method=/wallet... code=OK trace_id=...`.
 */
export function formatLogLine(service: string, line: string, colour: boolean): string {
  const prefix = `${colour ? (COLOURS[service] ?? "") : ""}${service.padEnd(12)}${colour ? RESET : ""}`;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${prefix} ${line}`;
  }
  const time = typeof record["time"] === "string" ? record["time"].slice(11, 19) : "";
  const level = text(record["level"]).padEnd(5);
  const fields = Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
  return `${time} ${prefix} ${level} ${text(record["msg"])}${fields ? ` ${fields}` : ""}`;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);
}
