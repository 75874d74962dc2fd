/**
 * Reads a field of a decoded ts-proto request by its proto path ("amount.minor_units" reads
 * request.amount.minorUnits), as requirements in the contracts name fields in proto style.
 */
export function readRequestField(request: unknown, protoPath: string): unknown {
  let value: unknown = request;
  for (const segment of protoPath.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[toCamel(segment)];
  }
  return value;
}

function toCamel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
