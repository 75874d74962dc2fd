import { type BankAccountDocument, registeredPhoneContext } from "../store/bank-account.model";
import { type BankContext } from "./context";

/**
 * What the bank tells its own customer, at the phone registered at the bank (never at a contact
 * the wallet gave). Messages name the account by its last four digits only.
 */
export const bankMessages = {
  linkAttempt: (bankName: string, last4: string, code: string, minutes: number) =>
    `${bankName}: a wallet service is trying to link your account ending ${last4}. Code ${code} (valid ${minutes} min) completes the link: ` +
    "give it only if you are linking the account yourself. If this is not you, do not share it; nothing is linked without it.",
  linked: (bankName: string, last4: string, reportUrl: string) =>
    `${bankName}: your account ending ${last4} was linked to a wallet service, which can now move money from it. ` +
    `If this was not you, report it and the link stops at once: ${reportUrl}`,
  linkStopped: (bankName: string, last4: string) =>
    `${bankName}: the wallet link of your account ending ${last4} was stopped as you asked. No more money moves through it.`,
};

export type BankMessageTemplate = "bank_link_attempt" | "bank_link_created" | "bank_link_stopped";

/** Sends a message to the account's registered phone. */
export async function tellCustomer(context: BankContext, account: BankAccountDocument, template: BankMessageTemplate, body: string): Promise<void> {
  const phone = context.cipher.decrypt(account.registeredPhoneEncrypted, registeredPhoneContext(account._id));
  await context.sender.send({ channel: "sms", to: phone, template, body });
}

export async function bankNameOf(context: BankContext, bankCode: string): Promise<string> {
  return (await context.models.banks.findById(bankCode, { name: 1 }).lean())?.name ?? `Bank ${bankCode}`;
}
