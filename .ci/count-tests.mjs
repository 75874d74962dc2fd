// Sums the vitest JSON reports of every package and fails when no test ran or any failed, so
// a green run always means tests actually executed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
let total = 0;
let failed = 0;
const rows = [];
for (const group of ["packages", "services"]) {
  for (const name of readdirSync(join(root, group))) {
    const manifest = join(root, group, name, "package.json");
    const report = join(root, group, name, ".test-results", "results.json");
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, "utf8")).scripts?.test || !existsSync(report)) continue;
    const result = JSON.parse(readFileSync(report, "utf8"));
    total += result.numTotalTests;
    failed += result.numFailedTests + (result.numFailedTestSuites ?? 0);
    rows.push(`  ${`${group}/${name}`.padEnd(32)} ${String(result.numPassedTests).padStart(4)} passed  ${String(result.numFailedTests).padStart(3)} failed`);
  }
}
console.log(`\nTest summary\n${rows.join("\n")}\n  ${"total".padEnd(32)} ${String(total).padStart(4)} tests ran, ${failed} failed\n`);
if (total === 0) {
  console.error("no test ran: failing");
  process.exit(1);
}
if (failed > 0) process.exit(1);
