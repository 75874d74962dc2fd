#!/usr/bin/env node
// Writes deploy/secrets/<service>.env for the compose stack with fresh keys, the same way the
// platform launcher makes them for local runs (Ed25519 service keys, 32-byte data keys). Needs
// `pnpm build` first. Refuses to overwrite existing files: keys encrypt data at rest.
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const launcher = require("../packages/platform-launcher/dist/src/index.js");
const SECRET_VARIABLES = ["PII_ENCRYPTION_KEYS", "PII_ACTIVE_KEY_ID", "PII_INDEX_KEY", "TRUSTED_SERVICE_KEYS", "TRUSTED_OPERATOR_KEYS", "SANDBOX_ADMIN_TOKEN", "SERVICE_SIGNING_KEY"];

const secrets = await launcher.generateSecrets();
const addresses = Object.fromEntries(launcher.SERVICE_NAMES.map((name) => [name, "unused:1"]));
for (const name of launcher.SERVICE_NAMES) {
  const file = new URL(`./secrets/${name}.env`, import.meta.url);
  if (existsSync(file)) {
    console.log(`kept ${file.pathname} (already exists)`);
    continue;
  }
  const environment = launcher.environmentFor(name, { addresses, storeUri: "mongodb://unused", databasePrefix: "", secrets });
  const lines = SECRET_VARIABLES.filter((key) => key in environment).map((key) => `${key}=${environment[key]}`);
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
  console.log(`wrote ${file.pathname}`);
}
