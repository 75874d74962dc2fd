// OTLP attributes in their JSON mapping (64-bit integers as strings), flattened to plain values:
// the one reading of them that the trace store and the test harness's OTLP sink both use.

export interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
export interface OtlpAttribute { key: string; value?: OtlpValue }

/** Attributes as a plain record; an array becomes its values joined by commas. */
export function otlpAttributes(list: readonly OtlpAttribute[] | undefined): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) if (value) result[key] = scalar(value);
  return result;
}

function scalar(value: OtlpValue): string | number | boolean {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(scalar).join(",");
  return "";
}
