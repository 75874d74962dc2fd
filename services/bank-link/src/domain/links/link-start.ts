import { DomainError, FailedPreconditionError, newId } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { inSpan, WalletAttributes } from "@wallet/telemetry";
import { type BankAccountAddress } from "../../bank-adapters/bank-adapter";
import { type LinkDocument } from "../../store/link.model";
import { accountFingerprint, accountLast4, accountNumberContext } from "../bank-account";
import { type BankLinkContext } from "../context";
import { type LinkEventInput } from "../link-events";
import { failLink, freeDeadPlaces } from "./link-lifecycle";
import { tellWalletUser } from "./link-notices";
import { bankAuthenticationExpired, loadLink, type LinkView, viewOf } from "./link-view";

export interface StartLinkInput extends BankAccountAddress {
  userId: string;
  idempotencyKey: string;
}

/**
 * Starts linking a bank account to the user's wallet:
 * 1. the attempt is counted (per user and per account) before anything else;
 * 2. the bank checks the user's proofed name against its holder (a mismatch, or an account the
 *    bank does not know, gets one and the same answer: nothing is learnt about the holder);
 * 3. an account bound to another identity is refused;
 * 4. the user must have a free place (at most N links, one per account);
 * 5. the bank starts authenticating its own customer: the code goes to the phone the *bank* knows.
 * A retry with the same idempotency key answers with the same link.
 */
export async function startLink(context: BankLinkContext, input: StartLinkInput): Promise<LinkView> {
  const fingerprint = accountFingerprint(context.index, input);
  const earlier = await context.models.links.findOne({ startKey: startKeyOf(input) }).lean();
  if (earlier) return replayStart(context, earlier, input, fingerprint);

  const subject: LinkEventInput = { userId: input.userId, bankCode: input.bankCode, accountLast4: accountLast4(input) };
  await admitAttempt(context, fingerprint, subject);
  await checkHolder(context, input, subject);
  await checkAccountIsFree(context, fingerprint, subject);

  const linkId = newId("lnk");
  await takePlace(context, linkId, fingerprint, subject);
  await context.links.append({ linkId, opKey: `${linkId}:started`, decide: () => ({ kind: "STARTED" }) });
  const link: LinkDocument = {
    _id: linkId,
    userId: input.userId,
    startKey: startKeyOf(input),
    bankCode: input.bankCode,
    branchCode: input.branchCode,
    accountLast4: accountLast4(input),
    accountNumberEncrypted: context.cipher.encrypt(input.accountNumber, accountNumberContext(linkId)),
    accountFingerprint: fingerprint,
    createdAt: context.clock(),
    activatedAt: null,
  };
  if (!(await insertIfAbsent(context.models.links, link))) {
    // A concurrent start with the same key won the key: give this place back, answer with its link.
    await failLink(context, link, "DUPLICATE_START");
    const winner = await context.models.links.findOne({ startKey: link.startKey }).lean();
    if (!winner) throw new Error("link start key taken but no link found");
    return replayStart(context, winner, input, fingerprint);
  }
  await beginBankAuthentication(context, link, input);
  await context.events.record("LINK_STARTED", { ...subject, linkId });
  await tellWalletUser(context, link, "bank_link_started");
  return viewOf(context, await loadLink(context, linkId, input.userId));
}

function startKeyOf(input: StartLinkInput): string {
  return `${input.userId}:${input.idempotencyKey}`;
}

async function replayStart(context: BankLinkContext, link: LinkDocument, input: StartLinkInput, fingerprint: string): Promise<LinkView> {
  if (link.accountFingerprint !== fingerprint) {
    throw new FailedPreconditionError("IDEMPOTENCY_KEY_REUSED", "this idempotency key was first used for another bank account", {
      mismatched_fields: "bank_code,branch_code,account_number",
    });
  }
  const loaded = await loadLink(context, link._id, input.userId);
  // The bank could not be reached the first time: the same key asks it again (the bank answers
  // a repeated reference with the same authentication, so no second code is sent).
  const { state } = loaded;
  if (state.state === "AWAITING_BANK_AUTHENTICATION" && !state.bankAuthenticationId && !bankAuthenticationExpired(state, link, context.clock(), context.policy.pendingLinkLifetimeMs)) {
    await beginBankAuthentication(context, link, input);
    return viewOf(context, await loadLink(context, link._id, input.userId));
  }
  return viewOf(context, loaded);
}

async function admitAttempt(context: BankLinkContext, fingerprint: string, subject: LinkEventInput): Promise<void> {
  try {
    await context.throttle.admit([
      { key: `user:${subject.userId}`, limit: context.policy.attemptsPerUser },
      { key: `account:${fingerprint}`, limit: context.policy.attemptsPerAccount },
    ]);
  } catch (error) {
    if (error instanceof DomainError && error.reason === "LINK_ATTEMPTS_THROTTLED") {
      await context.events.record("LINK_ATTEMPT_THROTTLED", { ...subject, reason: error.reason, facts: { ...error.facts } });
    }
    throw error;
  }
}

async function checkHolder(context: BankLinkContext, account: StartLinkInput, subject: LinkEventInput): Promise<void> {
  const name = await context.identity.proofedName(account.userId);
  const verdict = await inSpan("bank.verify_holder", { [WalletAttributes.bankCode]: account.bankCode, [WalletAttributes.accountLast4]: accountLast4(account) }, async (span) => {
    const answer = await context.bank.verifyHolder(account, name);
    span.setAttributes({ [WalletAttributes.holderOutcome]: answer.outcome, [WalletAttributes.holderScore]: answer.score });
    return answer;
  });
  if (verdict.outcome === "MATCH") return;
  await context.events.record("HOLDER_MISMATCH", { ...subject, reason: verdict.outcome, facts: { score: String(verdict.score) } });
  throw new FailedPreconditionError("HOLDER_MISMATCH", "the bank could not confirm that this account is held in your verified name");
}

async function checkAccountIsFree(context: BankLinkContext, fingerprint: string, subject: LinkEventInput): Promise<void> {
  const claim = await context.models.accountClaims.findById(fingerprint).lean();
  if (!claim || claim.holder === subject.userId) return;
  await context.events.record("ACCOUNT_ALREADY_LINKED", { ...subject, reason: "ACCOUNT_ALREADY_LINKED" });
  throw new FailedPreconditionError("ACCOUNT_ALREADY_LINKED", "this bank account is linked to another wallet identity");
}

async function takePlace(context: BankLinkContext, linkId: string, fingerprint: string, subject: LinkEventInput): Promise<void> {
  const open = () => placeRefusal(() => context.book.open(subject.userId, { linkId, account: fingerprint }));
  let refusal = await open();
  // Places may be held by links that are over without anyone having said so (an expired code).
  if (refusal && (await freeDeadPlaces(context, subject.userId)) > 0) refusal = await open();
  if (!refusal) return;
  if (refusal.reason === "LINK_LIMIT_REACHED") await context.events.record("LINK_LIMIT_REACHED", { ...subject, reason: refusal.reason, facts: { ...refusal.facts } });
  throw refusal;
}

async function placeRefusal(open: () => Promise<void>): Promise<DomainError | undefined> {
  try {
    await open();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError && (error.reason === "LINK_LIMIT_REACHED" || error.reason === "LINK_EXISTS")) return error;
    throw error;
  }
}

/**
 * Asks the bank to authenticate its customer. If the bank cannot be reached the link stays
 * pending without an authentication: a retry with the same key asks again, and otherwise it
 * expires and its place comes free.
 */
async function beginBankAuthentication(context: BankLinkContext, link: LinkDocument, account: BankAccountAddress): Promise<void> {
  const authentication = await inSpan("bank.start_customer_authentication", { [WalletAttributes.linkId]: link._id, [WalletAttributes.bankCode]: link.bankCode }, () =>
    context.bank.startCustomerAuthentication(account, link._id));
  await context.links.append({
    linkId: link._id,
    opKey: `${link._id}:bank-authentication`,
    request: { authentication: authentication.authenticationId },
    decide: () => ({ kind: "BANK_AUTHENTICATION_STARTED", ...authentication }),
  });
}
