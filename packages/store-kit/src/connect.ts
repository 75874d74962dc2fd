import mongoose, { type Connection } from "mongoose";

export interface StoreConfig {
  uri: string;
  /** The service's own database: no two services share one. */
  database: string;
  poolSize: number;
}

/**
 * Opens the service's connection with an explicit pool and timeouts. Commands are not
 * buffered while disconnected (a call fails fast instead of hanging), and indexes are never
 * built implicitly: `ensureIndexes` creates them at start-up, by name.
 */
export async function connectStore(config: StoreConfig): Promise<Connection> {
  const connection = mongoose.createConnection(config.uri, {
    dbName: config.database,
    maxPoolSize: config.poolSize,
    minPoolSize: 1,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: 30_000,
    waitQueueTimeoutMS: 10_000,
    autoIndex: false,
    autoCreate: false,
    bufferCommands: false,
    // Money is int64 minor units: read BSON longs back as bigint, never as lossy doubles.
    useBigInt64: true,
  });
  await connection.asPromise();
  return connection;
}

/** Creates every index the connection's schemas declare (idempotent; run at start-up). */
export async function ensureIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) {
    await model.createCollection().catch((error: { codeName?: string }) => {
      if (error.codeName !== "NamespaceExists") throw error;
    });
    await model.createIndexes();
  }
}

/** The store variables every service reads (service-kit's `storeEnvironment`). */
export interface StoreEnvironment {
  MONGODB_URI: string;
  MONGODB_DATABASE: string;
  MONGODB_POOL_SIZE: number;
}

/**
 * A service's start-up store step: connects as configured, registers `modelsOf`'s models and
 * creates their indexes before the service takes calls.
 */
export function openServiceStore<Models>(config: StoreEnvironment, modelsOf: (connection: Connection) => Models): Promise<{ connection: Connection; models: Models }> {
  return openWithModels({ uri: config.MONGODB_URI, database: config.MONGODB_DATABASE, poolSize: config.MONGODB_POOL_SIZE }, modelsOf);
}

async function openWithModels<Models>(config: StoreConfig, modelsOf: (connection: Connection) => Models): Promise<{ connection: Connection; models: Models }> {
  const connection = await connectStore(config);
  const models = modelsOf(connection);
  await ensureIndexes(connection);
  return { connection, models };
}

/** A database used by one test file or one run: its models, and a close that drops it. */
export interface ScratchDatabase<Models> {
  models: Models;
  /** Drops the database and disconnects. */
  close(): Promise<void>;
}

/** Connects to a database of its own, registers `modelsOf`'s models and builds their indexes. */
export async function openScratchDatabase<Models>(config: StoreConfig, modelsOf: (connection: Connection) => Models): Promise<ScratchDatabase<Models>> {
  const { connection, models } = await openWithModels(config, modelsOf);
  return {
    models,
    async close() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
