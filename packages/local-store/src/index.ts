export { ensureFerretDb, ferretDbBinaryPath, FERRETDB_VERSION } from "./ferretdb-install";
export { type FerretDbOptions, postgresBaseUrl, type RunningStore, startFerretDb, type TableActivity } from "./ferretdb-process";
export { type LocalStoreOptions, openLocalStore } from "./local-store";
export { testStoreUri, uniqueDatabaseName } from "./test-store";
