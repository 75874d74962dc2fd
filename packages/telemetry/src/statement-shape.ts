/**
 * Serialises a MongoDB command for the `db.statement` span attribute keeping only its shape:
 * every value becomes "?", so filters on personal data never reach a trace backend.
 */
export function shapeOnlyStatement(command: Record<string, unknown>): string {
  return JSON.stringify(shape(command));
}

function shape(value: unknown, depth = 0): unknown {
  if (depth > 6) return "?";
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0], depth + 1)];
  if (value !== null && typeof value === "object" && !isBsonValue(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner, depth + 1)]));
  }
  return "?";
}

function isBsonValue(value: object): boolean {
  return "_bsontype" in value || value instanceof Date || Buffer.isBuffer(value);
}
