import { DomainError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type RevocationReasonName } from "../../bank-adapters/bank-adapter";
import { type LinkDocument } from "../../store/link.model";
import { type BankLinkContext } from "../context";
import { bankAuthenticationExpired } from "./link-view";

/** Records a link as FAILED (if it may still fail) and gives its place back. */
export async function failLink(context: BankLinkContext, link: LinkDocument, reason: string): Promise<void> {
  try {
    const { replayed } = await context.links.append({ linkId: link._id, opKey: `${link._id}:failed`, request: { reason }, decide: () => ({ kind: "FAILED", reason }) });
    if (!replayed) await context.events.record("LINK_FAILED", { userId: link.userId, linkId: link._id, reason, bankCode: link.bankCode, accountLast4: link.accountLast4 });
  } catch (error) {
    // Already past pending (or failed for another reason): nothing left to fail.
    if (!(error instanceof DomainError && error.kind === "failed_precondition")) throw error;
  }
  const state = await context.links.current(link._id);
  if (state.state === "FAILED" || state.state === "UNLINKED") await context.book.close(link.userId, link._id);
}

/**
 * Ends a consent at the bank. The consent is first written down as pending, so if the bank
 * cannot be reached now the consent-sync worker keeps trying; no money moves meanwhile, because
 * bank-link only orders money through ACTIVE links.
 */
export async function revokeAtBank(context: BankLinkContext, link: LinkDocument, consentId: string, reason: RevocationReasonName): Promise<void> {
  if (!consentId) return;
  await insertIfAbsent(context.models.pendingRevocations, { _id: consentId, linkId: link._id, reason, at: context.clock() });
  try {
    await context.bank.revokeConsent(consentId, reason);
    await context.models.pendingRevocations.deleteOne({ _id: consentId });
  } catch (error) {
    context.logger.warn({ link_id: link._id, err_type: error instanceof Error ? error.name : typeof error }, "consent revocation at the bank pending");
    await context.events.record("CONSENT_REVOCATION_PENDING", { userId: link.userId, linkId: link._id, reason, bankCode: link.bankCode, accountLast4: link.accountLast4 });
  }
}

/**
 * Frees the places of the user's links that are over: failed, unlinked, or pending past their
 * bank's expiry (recorded as FAILED now). Returns how many places came free.
 */
export async function freeDeadPlaces(context: BankLinkContext, userId: string): Promise<number> {
  let freed = 0;
  for (const open of await context.book.openLinks(userId)) {
    const link = await context.models.links.findById(open.linkId).lean();
    const state = await context.links.current(open.linkId);
    if (link && bankAuthenticationExpired(state, link, context.clock(), context.policy.pendingLinkLifetimeMs)) {
      await failLink(context, link, "BANK_AUTHENTICATION_EXPIRED");
      freed++;
    } else if (!link || state.state === "FAILED" || state.state === "UNLINKED" || state.state === "NEW") {
      await context.book.close(userId, open.linkId);
      freed++;
    }
  }
  return freed;
}
