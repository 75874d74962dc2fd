import { NotFoundError } from "@wallet/service-kit";
import { type ConsentDocument } from "../../store/consent.model";
import { accountById } from "../accounts/find-account";
import { type BankContext } from "../context";
import { bankMessages, bankNameOf, tellCustomer } from "../notices";

/** A consent of this operator, or NOT_FOUND (another operator's consent does not exist for it). */
export async function consentOf(context: BankContext, consentId: string, operator: string): Promise<ConsentDocument> {
  const consent = await context.models.consents.findById(consentId).lean();
  if (!consent || consent.operator !== operator) throw new NotFoundError("consent");
  return consent;
}

/** The operator ends a consent (unlink, or its user reported the link). Idempotent. */
export async function revokeConsent(context: BankContext, input: { consentId: string; operator: string; reason: string }): Promise<boolean> {
  const consent = await consentOf(context, input.consentId, input.operator);
  return context.ledger.revoke(consent.accountId, consent._id, input.reason);
}

/**
 * The customer's "this was not me" from the bank's notice: the consent ends at once, so no more
 * money moves through it (the account's chain refuses any debit decided after this), and the
 * operator learns of it from the revocation feed or its next debit.
 */
export async function reportUnrecognizedLink(context: BankContext, reportCode: string): Promise<boolean> {
  const consentId = context.reportCodes.consentOf(reportCode);
  const consent = consentId ? await context.models.consents.findById(consentId).lean() : null;
  if (!consent) throw new NotFoundError("report");
  const revoked = await context.ledger.revoke(consent.accountId, consent._id, "CUSTOMER_REPORTED_UNRECOGNIZED");
  if (revoked) {
    const account = await accountById(context.models, consent.accountId);
    await tellCustomer(context, account, "bank_link_stopped", bankMessages.linkStopped(await bankNameOf(context, account.bankCode), account.accountNumber.slice(-4)));
  }
  return revoked;
}
