import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

export const FERRETDB_MODULE = "github.com/FerretDB/FerretDB";
export const FERRETDB_VERSION = "v1.24.2";

/** Where the FerretDB binary lives: FERRETDB_BIN, or a per-user cache shared by every clone. */
export function ferretDbBinaryPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env["FERRETDB_BIN"]) return env["FERRETDB_BIN"];
  const cacheRoot = env["WALLET_CACHE_DIR"] ?? join(env["XDG_CACHE_HOME"] ?? join(env["HOME"] ?? homedir(), ".cache"), "wallet-platform");
  return join(cacheRoot, `ferretdb-${FERRETDB_VERSION}`, "ferretdb");
}

/**
 * Installs FerretDB v1.24.2 with the Go toolchain if it is not there yet, and returns its path.
 *
 * `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` builds a binary that panics at
 * start: the module zip on the Go proxy lacks build/version/version.txt, which FerretDB's own
 * release tooling writes. So we fetch exactly that module with `go mod download`, write the
 * version file, and `go build` its cmd/ferretdb: the same source, tag and toolchain.
 */
export function ensureFerretDb(log: (line: string) => void = () => {}, env: NodeJS.ProcessEnv = process.env): string {
  const binary = ferretDbBinaryPath(env);
  if (existsSync(binary)) return binary;
  if (env["FERRETDB_BIN"]) throw new Error(`FERRETDB_BIN points at ${binary}, which does not exist`);
  assertGo();
  log(`installing FerretDB ${FERRETDB_VERSION} with Go (first run only) ...`);
  const download = JSON.parse(execFileSync("go", ["mod", "download", "-json", `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], { encoding: "utf8" })) as { Dir?: string; Error?: string };
  if (!download.Dir) throw new Error(`go mod download failed: ${download.Error ?? "no module directory"}`);

  const work = mkdtempSync(join(tmpdir(), "ferretdb-build-"));
  try {
    const source = join(work, "src");
    cpSync(download.Dir, source, { recursive: true, mode: 0 });
    execFileSync("chmod", ["-R", "u+w", source]);
    writeFileSync(join(source, "build", "version", "version.txt"), `${FERRETDB_VERSION}\n`);
    mkdirSync(join(binary, ".."), { recursive: true });
    // Build next to the target and rename: a concurrent install never sees a half-written file.
    const partial = `${binary}.${process.pid}.partial`;
    execFileSync("go", ["build", "-trimpath", "-o", partial, "./cmd/ferretdb"], { cwd: source, stdio: ["ignore", "inherit", "inherit"] });
    renameSync(partial, binary);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`FerretDB installed at ${binary}`);
  return binary;
}

function assertGo(): void {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
  } catch {
    throw new Error("the Go toolchain is needed to install FerretDB (the embedded local store); install Go, or set MONGODB_URI to use an existing MongoDB");
  }
}
