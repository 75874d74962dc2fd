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
export { connectStore, ensureIndexes, openScratchDatabase, type ScratchDatabase, type StoreConfig } from "./connect";
export { insertIfAbsent, isDuplicateKeyError } from "./unique-insert";
