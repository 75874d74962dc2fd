import { type BlindIndex, lastFour } from "@wallet/pii-crypto";
import { type BankAccountAddress } from "../bank-adapters/bank-adapter";

/**
 * The account's fingerprint: a blind index (keyed HMAC) of bank, branch and number. Equal
 * accounts give equal fingerprints, so "is this account linked already?" needs no number, and
 * the fingerprint is what the risk engine sees.
 */
export function accountFingerprint(index: BlindIndex, account: BankAccountAddress): string {
  return index.of("bank-account", `${account.bankCode}-${account.branchCode}-${account.accountNumber}`);
}

/** The encryption context binds the ciphertext to its link: moved elsewhere, it fails to decrypt. */
export function accountNumberContext(linkId: string): string {
  return `links:${linkId}:account_number`;
}

export function accountLast4(account: BankAccountAddress): string {
  return lastFour(account.accountNumber);
}
