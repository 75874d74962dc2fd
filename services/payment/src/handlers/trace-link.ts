/**
 * The tracing UI's link to a payment's trace: the configured TRACE_UI_URL with "{traceId}"
 * filled in. Empty when no UI is configured or the payment has no valid trace id (one taken in
 * outside a trace), so a client never gets a link to nowhere.
 */
export function traceLink(template: string | undefined, traceId: string): string {
  if (!template || !/^[0-9a-f]{32}$/.test(traceId) || /^0+$/.test(traceId)) return "";
  return template.replaceAll("{traceId}", traceId);
}
