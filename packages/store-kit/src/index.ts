export {
  Chain,
  type ChainAppend,
  type ChainAppendResult,
  ChainContended,
  type ChainDefinition,
  type ChainEventEnvelope,
  chainEventId,
  type ChainState,
  IdempotencyMismatch,
} from "./chain";
export { connectStore, ensureIndexes, openScratchDatabase, openServiceStore, type ScratchDatabase, type StoreConfig, type StoreEnvironment } from "./connect";
export { insertIfAbsent, isDuplicateKeyError } from "./unique-insert";
