// Regenerates src/gen from the proto tree with buf + ts-proto. The output is never edited by
// hand and never committed: turbo caches it against the .proto inputs, so it cannot drift.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const protoDir = join(packageDir, "..", "..", "proto");
const buf = join(packageDir, "node_modules", ".bin", "buf");

rmSync(join(packageDir, "src", "gen"), { recursive: true, force: true });
execFileSync(buf, ["generate", protoDir, "--template", join(packageDir, "buf.gen.yaml")], {
  cwd: packageDir,
  stdio: "inherit",
});
