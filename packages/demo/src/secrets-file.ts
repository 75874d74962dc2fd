import { readFileSync } from "node:fs";
import { type JWK } from "jose";

/** What the demo needs from the secrets `npm run up` keeps in `.local/dev-secrets.json`. */
export interface DemoCredentials {
  operatorKey: JWK;
  sandboxAdminToken: string;
}

/** Reads the operator key and the sandbox bank's staff token; names the file and field on failure. */
export function readSecretsFile(path: string): DemoCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "not found (start the platform with `npm run up` first)" : "not readable JSON";
    // The parser's message may quote the file (secrets): only the cause keeps it, never printed.
    throw new Error(`secrets file ${path}: ${why}`, { cause: error });
  }
  const secrets = parsed as Partial<Record<keyof DemoCredentials, unknown>>;
  const operatorKey = secrets.operatorKey;
  if (typeof operatorKey !== "object" || operatorKey === null || typeof (operatorKey as JWK).d !== "string") {
    throw new Error(`secrets file ${path}: operatorKey is missing or not a private JWK`);
  }
  if (typeof secrets.sandboxAdminToken !== "string" || secrets.sandboxAdminToken.length < 16) {
    throw new Error(`secrets file ${path}: sandboxAdminToken is missing`);
  }
  return { operatorKey, sandboxAdminToken: secrets.sandboxAdminToken };
}
