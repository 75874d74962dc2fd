import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import getPort from "get-port";
import { MongoClient } from "mongodb";
import { Client as PgClient } from "pg";
import { ensureFerretDb } from "./ferretdb-install";
import { indexFerretDbLookups } from "./ferretdb-lookup-indexes";

export interface FerretDbOptions {
  /** PostgreSQL database that backs this FerretDB instance (created if missing). */
  postgresDatabase: string;
  /** Drop the PostgreSQL database when the instance stops (tests). */
  dropOnStop?: boolean;
  /** Fixed port; a free one by default. */
  port?: number;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface RunningStore {
  /** mongodb:// URI of the store, to hand to services and tests. */
  uri: string;
  /** Stops the store (and drops its backing database if asked to). */
  stop(): Promise<void>;
  /**
   * What the store has done so far, by store database and collection, read from PostgreSQL's
   * statistics; only for the embedded store. PostgreSQL publishes a backend's counts when it
   * goes idle, at most once a second and at the latest ten seconds later.
   */
  tableActivity?(): Promise<TableActivity[]>;
  /**
   * Has PostgreSQL write a checkpoint now; only for the embedded store. PostgreSQL also writes
   * one every five minutes, and for a while after each, every page's first change logs the
   * whole page. A benchmark that checkpoints before each measured phase starts every phase at
   * the same point of that cycle, so a phase of a few minutes gets no timed checkpoint of its own.
   */
  checkpoint?(): Promise<void>;
}

/** One collection's counters (FerretDB keeps it as a PostgreSQL table). */
export interface TableActivity {
  /** The store database (a PostgreSQL schema). */
  database: string;
  /** The PostgreSQL table: the collection's name, cut short and suffixed with a hash. */
  table: string;
  /** Rows inserted, updated or deleted. */
  writes: number;
  /** Reads that scanned the whole table, and the rows they went through. */
  sequentialScans: number;
  rowsScanned: number;
  /** Reads through an index. */
  indexScans: number;
}

/** Base URL of the PostgreSQL server FerretDB stores into (trust auth on the build machines). */
export function postgresBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env["FERRETDB_POSTGRESQL_URL"] ?? "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, "");
}

/**
 * Starts FerretDB over PostgreSQL on a local port and waits until it answers `ping`.
 * PostgreSQL rather than SQLite: PostgreSQL is already running, takes concurrent writers with
 * row-level locking (SQLite serialises every write behind one file lock), and enforces unique
 * indexes the way the ledger's unique-key claims need under concurrency.
 */
export async function startFerretDb(options: FerretDbOptions): Promise<RunningStore> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const binary = ensureFerretDb(log, env);
  const postgresUrl = `${postgresBaseUrl(env)}/${options.postgresDatabase}`;
  await createPostgresDatabase(env, options.postgresDatabase);
  await withPostgres(env, (client) => indexFerretDbLookups(client, options.postgresDatabase), options.postgresDatabase).catch((error: unknown) => {
    // Event triggers need a superuser: without one the store still works, scanning tables.
    log(`FerretDB lookups will scan whole tables (could not add lookup indexes: ${(error as Error).message})`);
  });

  const port = options.port ?? (await getPort({ host: "127.0.0.1" }));
  const stateDir = mkdtempSync(join(tmpdir(), "ferretdb-state-"));
  const child = spawn(binary, [
    "--handler=postgresql",
    `--postgresql-url=${postgresUrl}`,
    `--listen-addr=127.0.0.1:${port}`,
    "--debug-addr=-",
    "--telemetry=disable",
    "--log-level=warn",
    "--log-format=json",
    `--state-dir=${stateDir}`,
  ], { stdio: ["ignore", "pipe", "pipe"] });
  const recentOutput: string[] = [];
  const keep = (chunk: Buffer) => {
    recentOutput.push(chunk.toString());
    if (recentOutput.length > 20) recentOutput.shift();
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);

  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitUntilPingable(uri, child);
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(stateDir, { recursive: true, force: true });
    throw new Error(`FerretDB did not start: ${(error as Error).message}\n${recentOutput.join("")}`, { cause: error });
  }
  log(`FerretDB ${uri} (PostgreSQL database ${options.postgresDatabase})`);

  let stopped: Promise<void> | undefined;
  return {
    uri,
    stop: () => {
      stopped ??= (async () => {
        await terminate(child);
        rmSync(stateDir, { recursive: true, force: true });
        if (options.dropOnStop) await dropPostgresDatabase(env, options.postgresDatabase);
      })();
      return stopped;
    },
    // FerretDB keeps each store database as a PostgreSQL schema and each collection as a table.
    tableActivity: () => withPostgres(env, async (client) => {
      const { rows } = await client.query<{ schemaname: string; relname: string; writes: string; seq_scan: string; seq_tup_read: string; idx_scan: string | null }>(
        `SELECT schemaname, relname, (n_tup_ins + n_tup_upd + n_tup_del)::text AS writes, seq_scan::text, seq_tup_read::text, idx_scan::text
           FROM pg_stat_user_tables`,
      );
      return rows.map((row) => ({
        database: row.schemaname,
        table: row.relname,
        writes: Number(row.writes),
        sequentialScans: Number(row.seq_scan),
        rowsScanned: Number(row.seq_tup_read),
        indexScans: Number(row.idx_scan ?? 0),
      }));
    }, options.postgresDatabase),
    checkpoint: () => withPostgres(env, async (client) => {
      await client.query("CHECKPOINT");
    }),
  };
}

async function waitUntilPingable(uri: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db("admin").command({ ping: 1 });
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await client.close().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer to ping within ${timeoutMs} ms (${(lastError as Error | undefined)?.message ?? "unknown"})`);
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

async function withPostgres<T>(env: NodeJS.ProcessEnv, body: (client: PgClient) => Promise<T>, database = "postgres"): Promise<T> {
  const client = new PgClient({ connectionString: `${postgresBaseUrl(env)}/${database}` });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach PostgreSQL at ${postgresBaseUrl(env)} (set FERRETDB_POSTGRESQL_URL, or MONGODB_URI for a real MongoDB): ${(error as Error).message}`, { cause: error });
  }
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(env: NodeJS.ProcessEnv, name: string): Promise<void> {
  assertSafeName(name);
  await withPostgres(env, async (client) => {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        // Two launchers racing to create the same database: the other one won, which is fine.
        if (error.code !== "42P04") throw error;
      });
    }
  });
}

async function dropPostgresDatabase(env: NodeJS.ProcessEnv, name: string): Promise<void> {
  assertSafeName(name);
  await withPostgres(env, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

function assertSafeName(name: string): void {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`invalid PostgreSQL database name: ${name}`);
}
