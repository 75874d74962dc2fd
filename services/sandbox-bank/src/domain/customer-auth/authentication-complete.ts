import { FailedPreconditionError, NotFoundError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type BankAccountDocument } from "../../store/bank-account.model";
import { type ConsentDocument } from "../../store/consent.model";
import { type CustomerAuthenticationDocument } from "../../store/customer-authentication.model";
import { accountById } from "../accounts/find-account";
import { type BankContext } from "../context";
import { bankMessages, bankNameOf, tellCustomer } from "../notices";
import { LINK_CODE_PURPOSE } from "./authentication-start";

/** Completion attempts per authentication, whichever factor was wrong. */
export const AUTHENTICATION_TRIES = 5;

export interface CompleteAuthenticationInput {
  authenticationId: string;
  operator: string;
  pin: string;
  oneTimeCode: string;
}

/**
 * Completes a customer authentication: the PIN (and, in the modern mode, the one-time code sent
 * to the registered phone) must be right within five tries, before the code expires. The answer
 * never says which factor was wrong. Success records the customer's consent, tells the customer
 * (with a way to report "this was not me") and makes the consent live. A retry after success
 * returns the same consent.
 */
export async function completeCustomerAuthentication(context: BankContext, input: CompleteAuthenticationInput): Promise<string> {
  const authentication = await context.models.customerAuthentications.findById(input.authenticationId).lean();
  if (!authentication || authentication.operator !== input.operator) throw new NotFoundError("authentication");
  const account = await accountById(context.models, authentication.accountId);

  const done = await context.models.consents.findOne({ authenticationId: authentication._id }).lean();
  if (done) {
    await makeConsentLive(context, done, account);
    return done._id;
  }
  if (authentication.expiresAt.getTime() <= context.clock().getTime()) {
    throw new FailedPreconditionError("AUTHENTICATION_EXPIRED", "the authentication expired; start a new one");
  }
  const slot = await claimAttempt(context, authentication._id);
  if (slot === undefined) throw exhausted();
  const attemptsLeft = AUTHENTICATION_TRIES - slot;

  await context.pinGuard.admit(account._id);
  if (!(await context.pins.verify(account.pinHash, input.pin))) throw wrongFactor(attemptsLeft);
  await context.pinGuard.succeeded(account._id);
  await verifyOneTimeCode(context, authentication, input.oneTimeCode, attemptsLeft);

  const consent: ConsentDocument = {
    _id: consentIdOf(authentication._id),
    accountId: account._id,
    authenticationId: authentication._id,
    operator: authentication.operator,
    operatorReference: authentication.operatorReference,
    createdAt: context.clock(),
  };
  // One consent per authentication, however many completions race.
  await insertIfAbsent(context.models.consents, consent);
  await makeConsentLive(context, consent, account);
  return consent._id;
}

async function verifyOneTimeCode(context: BankContext, authentication: CustomerAuthenticationDocument, code: string, attemptsLeft: number): Promise<void> {
  if (authentication.method === "PIN_ONLY") return;
  const outcome = await context.codes.verify({ challengeId: authentication.challengeId, code, purpose: LINK_CODE_PURPOSE, subject: authentication.accountId });
  if (outcome.ok) return;
  if (outcome.reason === "EXPIRED") throw new FailedPreconditionError("AUTHENTICATION_EXPIRED", "the authentication expired; start a new one");
  // The code's own five tries are spent only by attempts holding one of our five slots, so our
  // count is the one that tells the operator how many tries are left.
  throw wrongFactor(attemptsLeft);
}

/**
 * Tells the customer, then makes the consent live: a consent money can move through always had
 * its notice sent first. Safe to repeat (the grant is idempotent; a repeat may re-send the
 * notice, which carries the same report code).
 */
async function makeConsentLive(context: BankContext, consent: ConsentDocument, account: BankAccountDocument): Promise<void> {
  if (await context.ledger.isGranted(consent._id)) return;
  if (context.settings.mode === "modern") {
    const reportUrl = `${context.settings.reportBaseUrl}/${context.reportCodes.codeFor(consent._id)}`;
    await tellCustomer(context, account, "bank_link_created", bankMessages.linked(await bankNameOf(context, account.bankCode), account.accountNumber.slice(-4), reportUrl));
  }
  await context.ledger.grant(account._id, consent._id);
}

/** Claims the next free attempt slot (1..5); undefined when all are spent. */
async function claimAttempt(context: BankContext, authenticationId: string): Promise<number | undefined> {
  const spent = await context.models.authenticationAttempts.countDocuments({ authenticationId });
  for (let slot = spent + 1; slot <= AUTHENTICATION_TRIES; slot++) {
    if (await insertIfAbsent(context.models.authenticationAttempts, { _id: `${authenticationId}:try:${slot}`, authenticationId, at: context.clock() })) return slot;
  }
  return undefined;
}

function wrongFactor(attemptsLeft: number): FailedPreconditionError {
  if (attemptsLeft <= 0) return exhausted();
  return new FailedPreconditionError("AUTHENTICATION_FAILED", "the PIN or the one-time code is wrong", { attempts_left: String(attemptsLeft) });
}

function exhausted(): FailedPreconditionError {
  return new FailedPreconditionError("AUTHENTICATION_EXHAUSTED", "too many wrong tries; this authentication has ended");
}

/** One consent per authentication, named after it. */
export function consentIdOf(authenticationId: string): string {
  return `cns_${authenticationId.slice(authenticationId.indexOf("_") + 1)}`;
}
