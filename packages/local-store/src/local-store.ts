import { type RunningStore, startFerretDb } from "./ferretdb-process";

export interface LocalStoreOptions {
  /** PostgreSQL database backing the embedded store when MONGODB_URI is not set. */
  postgresDatabase: string;
  dropOnStop?: boolean;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * The store services and tests use: MONGODB_URI when it is set (a real MongoDB, for example a
 * replica set), otherwise the embedded default, FerretDB over the local PostgreSQL.
 */
export async function openLocalStore(options: LocalStoreOptions): Promise<RunningStore & { embedded: boolean }> {
  const env = options.env ?? process.env;
  const external = env["MONGODB_URI"];
  if (external) return { uri: external, embedded: false, stop: () => Promise.resolve() };
  const store = await startFerretDb(options);
  return { ...store, embedded: true };
}
