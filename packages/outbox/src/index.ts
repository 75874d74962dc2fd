export { type OutboxDocument, type OutboxMessage, outboxModel, OutboxSender } from "./outbox-sender";
export { keepOutboxFor, outboxEnvironment } from "./retention";
export { type Channel, type OutgoingMessage, type Sender } from "./sender";
