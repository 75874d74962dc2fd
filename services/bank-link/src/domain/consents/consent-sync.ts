import { type BankLinkContext } from "../context";
import { suspendForBankRevocation } from "../links/link-end";

const CHECKPOINT_ID = "bank-consent-revocations";
/** Re-read this far back each round: revocations written while the last round was reading. */
const OVERLAP_MS = 60_000;
const PAGE_SIZE = 100;
const MAX_PAGES_PER_ROUND = 20;

/**
 * One round of keeping bank-link and the bank in step:
 * - consents bank-link revoked but the bank did not confirm are revoked again;
 * - consents the bank's customers revoked at the bank ("this was not me" from the bank's
 *   notice) suspend their links. The bank's feed is read from a checkpoint with an overlap;
 *   handling a revocation twice changes nothing.
 */
export async function syncConsents(context: BankLinkContext): Promise<void> {
  await retryPendingRevocations(context);
  await pullCustomerRevocations(context);
}

async function retryPendingRevocations(context: BankLinkContext): Promise<void> {
  for (const pending of await context.models.pendingRevocations.find().sort({ at: 1 }).limit(50).lean()) {
    await context.bank.revokeConsent(pending._id, pending.reason);
    await context.models.pendingRevocations.deleteOne({ _id: pending._id });
  }
}

async function pullCustomerRevocations(context: BankLinkContext): Promise<void> {
  const checkpoint = await context.models.syncCheckpoints.findById(CHECKPOINT_ID).lean();
  let since = new Date((checkpoint?.since.getTime() ?? 0) - OVERLAP_MS);
  let newest = checkpoint?.since ?? new Date(0);
  for (let page = 0; page < MAX_PAGES_PER_ROUND; page++) {
    const revocations = await context.bank.consentRevocations(since, PAGE_SIZE);
    for (const revocation of revocations) {
      if (revocation.source === "CUSTOMER_REPORTED_UNRECOGNIZED") await suspendForBankRevocation(context, revocation.consentId, revocation.source);
      if (revocation.revokedAt > newest) newest = revocation.revokedAt;
    }
    if (revocations.length < PAGE_SIZE) break;
    since = revocations.at(-1)!.revokedAt;
  }
  await context.models.syncCheckpoints.updateOne({ _id: CHECKPOINT_ID }, { $set: { since: newest } }, { upsert: true });
}

/** Runs rounds until stopped; a failed round is reported and the next one tries again. */
export function startConsentSync(context: BankLinkContext, intervalMs: number, onError: (error: unknown) => void): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      running = syncConsents(context).catch(onError).finally(() => {
        if (!stopped) schedule();
      });
    }, intervalMs);
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
