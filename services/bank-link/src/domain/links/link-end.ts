import { DomainError } from "@wallet/service-kit";
import { type LinkDocument } from "../../store/link.model";
import { type BankLinkContext } from "../context";
import { revokeAtBank } from "./link-lifecycle";
import { tellWalletUser } from "./link-notices";
import { loadLink, type LinkView, viewOf } from "./link-view";

/** Ends a link at its owner's request: no more money moves, and the bank's consent is revoked. */
export async function unlink(context: BankLinkContext, input: { userId: string; linkId: string }): Promise<LinkView> {
  const loaded = await loadLink(context, input.linkId, input.userId);
  if (loaded.state.state === "UNLINKED") return viewOf(context, loaded);
  const { link } = loaded;
  const { event, replayed } = await context.links.append({ linkId: link._id, opKey: `${link._id}:unlinked`, decide: () => ({ kind: "UNLINKED" }) });
  await revokeAtBank(context, link, event.consentId, "UNLINK");
  await context.book.close(link.userId, link._id);
  if (!replayed) await context.events.record("LINK_UNLINKED", { userId: link.userId, linkId: link._id, bankCode: link.bankCode, accountLast4: link.accountLast4 });
  return viewOf(context, await loadLink(context, link._id, input.userId));
}

/**
 * "This was not me" from the wallet user's notice: the link is suspended at once (a pending one
 * can then never activate), the bank's consent is revoked, and the fraud team sees the report.
 * Reporting a link that is already over still revokes its consent and is still recorded.
 */
export async function reportUnrecognizedLink(context: BankLinkContext, input: { userId: string; linkId: string }): Promise<LinkView> {
  const { link, state } = await loadLink(context, input.linkId, input.userId);
  const consentId = state.state === "AWAITING_BANK_AUTHENTICATION" || state.state === "ACTIVE"
    ? await suspend(context, link, "USER_REPORTED_UNRECOGNIZED", "reported-by-user")
    : state.consentId;
  await revokeAtBank(context, link, consentId, "REPORTED_UNRECOGNIZED");
  await context.events.record("LINK_REPORTED_UNRECOGNIZED", { userId: link.userId, linkId: link._id, reason: "USER_REPORTED_UNRECOGNIZED", bankCode: link.bankCode, accountLast4: link.accountLast4 });
  return viewOf(context, await loadLink(context, link._id, input.userId));
}

/**
 * The bank ended a consent (its customer reported "this was not me", or it refused a debit
 * through it): the link is suspended and no money moves through it. If the bank's customer
 * said the link was not theirs, this identity is not the account's holder: the account is
 * released so its real holder can link it.
 */
export async function suspendForBankRevocation(context: BankLinkContext, consentId: string, source: "CUSTOMER_REPORTED_UNRECOGNIZED" | "BANK_CONSENT_REVOKED"): Promise<void> {
  const linkId = await context.links.linkOfConsent(consentId);
  const link = linkId ? await context.models.links.findById(linkId).lean() : null;
  if (!link) return;
  const state = await context.links.current(link._id);
  if (state.state === "ACTIVE") {
    await suspend(context, link, source === "CUSTOMER_REPORTED_UNRECOGNIZED" ? "BANK_CUSTOMER_REPORTED_UNRECOGNIZED" : "BANK_CONSENT_REVOKED", "bank-revoked");
  }
  if (source === "CUSTOMER_REPORTED_UNRECOGNIZED") {
    await context.models.accountClaims.deleteOne({ _id: link.accountFingerprint, holder: link.userId });
  }
}

/** Suspends the link (once: a suspended link never comes back); returns its consent id. */
async function suspend(context: BankLinkContext, link: LinkDocument, reason: string, occasion: string): Promise<string> {
  try {
    const { event, replayed } = await context.links.append({ linkId: link._id, opKey: `${link._id}:suspended`, decide: () => ({ kind: "SUSPENDED", reason }) });
    if (!replayed) {
      await context.events.record("LINK_SUSPENDED", { userId: link.userId, linkId: link._id, reason, bankCode: link.bankCode, accountLast4: link.accountLast4 });
      await tellWalletUser(context, link, "bank_link_suspended", `bank_link_suspended:${occasion}`);
    }
    return event.consentId;
  } catch (error) {
    // Unlinked or failed meanwhile: no money moves either way.
    if (!(error instanceof DomainError && error.reason === "LINK_STATE_CONFLICT")) throw error;
    return (await context.links.current(link._id)).consentId;
  }
}
