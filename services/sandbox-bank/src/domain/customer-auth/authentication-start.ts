import { FailedPreconditionError, newId } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type BankAccountDocument } from "../../store/bank-account.model";
import { type CustomerAuthenticationDocument } from "../../store/customer-authentication.model";
import { type BankContext } from "../context";
import { bankMessages, bankNameOf, tellCustomer } from "../notices";

export const LINK_CODE_PURPOSE = "bank_link";

export interface StartAuthenticationInput {
  account: BankAccountDocument;
  operator: string;
  operatorReference: string;
}

/**
 * Starts authenticating the account's holder for an operator's link. In the modern mode the
 * bank sends a one-time code to the phone registered at the bank, in a message that says a
 * wallet is trying to link the account: the person typing in the wallet gets nothing. A retry
 * with the same operator reference returns the same authentication and sends nothing again.
 */
export async function startCustomerAuthentication(context: BankContext, input: StartAuthenticationInput): Promise<CustomerAuthenticationDocument> {
  const existing = await findByReference(context, input);
  if (existing) return existing;

  const pinOnly = context.settings.mode === "2020";
  const now = context.clock();
  const issued = pinOnly
    ? undefined
    : await context.codes.issue({ purpose: LINK_CODE_PURPOSE, subject: input.account._id, binding: input.operatorReference, lifetimeMs: context.settings.oneTimeCodeLifetimeMs });
  const authentication: CustomerAuthenticationDocument = {
    _id: newId("bau"),
    accountId: input.account._id,
    operator: input.operator,
    operatorReference: input.operatorReference,
    method: pinOnly ? "PIN_ONLY" : "PIN_AND_ONE_TIME_CODE",
    challengeId: issued?.challengeId ?? "",
    expiresAt: issued?.expiresAt ?? new Date(now.getTime() + context.settings.oneTimeCodeLifetimeMs),
    createdAt: now,
  };
  if (!(await insertIfAbsent(context.models.customerAuthentications, authentication))) {
    // A concurrent retry won; its code is the one that was sent.
    const winner = await findByReference(context, input);
    if (!winner) throw new Error("customer authentication reference taken but not found");
    return winner;
  }
  if (issued) {
    const minutes = Math.round(context.settings.oneTimeCodeLifetimeMs / 60_000);
    await tellCustomer(context, input.account, "bank_link_attempt",
      bankMessages.linkAttempt(await bankNameOf(context, input.account.bankCode), input.account.accountNumber.slice(-4), issued.code, minutes));
  }
  return authentication;
}

async function findByReference(context: BankContext, input: StartAuthenticationInput): Promise<CustomerAuthenticationDocument | undefined> {
  const existing = await context.models.customerAuthentications.findOne({ operator: input.operator, operatorReference: input.operatorReference }).lean();
  if (existing && existing.accountId !== input.account._id) {
    throw new FailedPreconditionError("OPERATOR_REFERENCE_REUSED", "this operator reference was used for another account");
  }
  return existing ?? undefined;
}
