import { DomainError, FailedPreconditionError, InvalidArgumentError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { inSpan, WalletAttributes } from "@wallet/telemetry";
import { type AuthenticationOutcome } from "../../bank-adapters/bank-adapter";
import { type LinkDocument } from "../../store/link.model";
import { type BankLinkContext } from "../context";
import { failLink, revokeAtBank } from "./link-lifecycle";
import { tellWalletUser } from "./link-notices";
import { bankAuthenticationExpired, loadLink, type LinkView, viewOf } from "./link-view";

export interface ConfirmLinkInput {
  userId: string;
  linkId: string;
  pin: string;
  oneTimeCode: string;
}

const AUTHENTICATION_MESSAGES: Record<Exclude<AuthenticationOutcome, { ok: true }>["reason"], string> = {
  FAILED: "the bank did not accept the PIN and code",
  EXHAUSTED: "too many wrong tries: the bank ended this authentication; start the link again",
  EXPIRED: "the bank's code expired; start the link again",
  PIN_LOCKED: "the bank locked the account's PIN after too many wrong tries; contact the bank",
};

/**
 * Completes the bank's authentication of its customer. Only the PIN *and* the code the bank
 * sent to the phone it knows (five tries, counted by the bank) activate the link; then the
 * account is bound to this identity for good, the fresh link starts its cooling-off, and the
 * wallet user is told (the bank tells its customer itself). A retry after success answers with
 * the active link.
 */
export async function confirmLink(context: BankLinkContext, input: ConfirmLinkInput): Promise<LinkView> {
  const loaded = await loadLink(context, input.linkId, input.userId);
  const { link, state } = loaded;
  if (state.state === "ACTIVE") {
    // A retry after success: the notice may be what failed the first time (identity sends it once).
    await tellWalletUser(context, link, "bank_link_activated");
    return viewOf(context, loaded);
  }
  if (state.state !== "AWAITING_BANK_AUTHENTICATION") {
    throw new FailedPreconditionError("LINK_NOT_AWAITING_AUTHENTICATION", "this link is not waiting for the bank's authentication", { state: state.state });
  }
  if (!state.bankAuthenticationId || bankAuthenticationExpired(state, link, context.clock(), context.policy.pendingLinkLifetimeMs)) {
    await failLink(context, link, "BANK_AUTHENTICATION_EXPIRED");
    throw new FailedPreconditionError("BANK_AUTHENTICATION_EXPIRED", AUTHENTICATION_MESSAGES.EXPIRED);
  }
  if (state.bankAuthenticationMethod === "PIN_AND_ONE_TIME_CODE" && !input.oneTimeCode) {
    throw InvalidArgumentError.field("one_time_code", "is required: enter the code your bank sent to the phone registered at the bank");
  }

  const outcome = await inSpan("bank.complete_customer_authentication", { [WalletAttributes.linkId]: link._id, [WalletAttributes.bankCode]: link.bankCode }, () =>
    context.bank.completeCustomerAuthentication(state.bankAuthenticationId, input.pin, input.oneTimeCode));
  if (!outcome.ok) {
    await context.events.record("BANK_AUTHENTICATION_FAILED", {
      userId: link.userId, linkId: link._id, reason: outcome.reason, bankCode: link.bankCode, accountLast4: link.accountLast4,
      facts: { attempts_left: String(outcome.attemptsLeft) },
    });
    if (outcome.reason !== "FAILED") await failLink(context, link, `BANK_AUTHENTICATION_${outcome.reason}`);
    throw new FailedPreconditionError(`BANK_AUTHENTICATION_${outcome.reason}`, AUTHENTICATION_MESSAGES[outcome.reason], { attempts_left: String(outcome.attemptsLeft) });
  }

  await bindAccountToIdentity(context, link, outcome.consentId);
  await activate(context, link, outcome.consentId);
  return viewOf(context, await loadLink(context, link._id, input.userId));
}

/**
 * One bank account, one proofed identity: the claim is a unique insert under the account's
 * fingerprint, so of two identities racing to link one account exactly one wins.
 */
async function bindAccountToIdentity(context: BankLinkContext, link: LinkDocument, consentId: string): Promise<void> {
  const claimed = await insertIfAbsent(context.models.accountClaims, { _id: link.accountFingerprint, holder: link.userId, linkId: link._id, at: context.clock() });
  if (claimed) return;
  const holder = (await context.models.accountClaims.findById(link.accountFingerprint, { holder: 1 }).lean())?.holder;
  if (holder === link.userId) return;
  await revokeAtBank(context, link, consentId, "REFUSED");
  await failLink(context, link, "ACCOUNT_ALREADY_LINKED");
  await context.events.record("ACCOUNT_ALREADY_LINKED", { userId: link.userId, linkId: link._id, reason: "ACCOUNT_ALREADY_LINKED", bankCode: link.bankCode, accountLast4: link.accountLast4 });
  throw new FailedPreconditionError("ACCOUNT_ALREADY_LINKED", "this bank account is linked to another wallet identity");
}

async function activate(context: BankLinkContext, link: LinkDocument, consentId: string): Promise<void> {
  const now = context.clock();
  const coolingOffUntil = new Date(now.getTime() + context.policy.coolingOffMs);
  try {
    const { replayed } = await context.links.append({
      linkId: link._id,
      opKey: `${link._id}:activated`,
      request: { consent: consentId },
      decide: () => ({ kind: "ACTIVATED", consentId, activatedAt: now, coolingOffUntil }),
    });
    if (replayed) return;
  } catch (error) {
    // The link was suspended or unlinked while the bank authenticated: the consent must not
    // outlive it.
    if (error instanceof DomainError) await revokeAtBank(context, link, consentId, "REFUSED");
    throw error;
  }
  // A projection for "links the user has had"; nothing decides on it.
  await context.models.links.updateOne({ _id: link._id }, { $set: { activatedAt: now } });
  await context.events.record("LINK_ACTIVATED", {
    userId: link.userId, linkId: link._id, bankCode: link.bankCode, accountLast4: link.accountLast4,
    facts: { cooling_off_until: coolingOffUntil.toISOString() },
  });
  await tellWalletUser(context, link, "bank_link_activated");
}
