import { type Logger, startPeriodicWork } from "@wallet/service-kit";
import { z } from "zod";
import { type OutboxSender } from "./outbox-sender";

const SWEEP_EVERY_MS = 60 * 60_000;

/** Configuration of every service that keeps an outbox. */
export const outboxEnvironment = {
  /**
   * How long the outbox keeps a message (hours; a week by default, at most 90 days). It stands
   * in for a phone's or a mailbox's inbox, and its texts are one-time codes and the bank's
   * "not me" links: long after a code expired it is still a secret nobody needs to keep.
   */
  OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(1).max(90 * 24).default(7 * 24),
};

/**
 * Deletes the outbox's messages once they are older than the retention, at start and then
 * every hour, until the returned stop is called. Logs how many went, never what they said.
 */
export function keepOutboxFor(outbox: OutboxSender, retentionHours: number, logger: Logger): () => Promise<void> {
  return startPeriodicWork(SWEEP_EVERY_MS, async () => {
    const deleted = await outbox.sweep(new Date(Date.now() - retentionHours * 60 * 60_000));
    if (deleted > 0) logger.info({ messages: deleted, retention_hours: retentionHours }, "outbox messages past their retention deleted");
  }, (error) => {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "could not sweep the outbox; the next round tries again");
  }, { runNow: true });
}
