#!/usr/bin/env node
// `wallet-local-store install`: makes sure the embedded store can start (used by the setup
// step of the README's commands). Does nothing when MONGODB_URI points at a real MongoDB.
import { ensureFerretDb } from "../src/ferretdb-install";

const command = process.argv[2] ?? "install";
if (command !== "install") {
  process.stderr.write("usage: wallet-local-store install\n");
  process.exit(64);
}
if (process.env["MONGODB_URI"]) {
  process.stdout.write("MONGODB_URI is set: using that MongoDB, no local store to install\n");
} else {
  const binary = ensureFerretDb((line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`local store ready: ${binary}\n`);
}
