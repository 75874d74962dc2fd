import { AlreadyExistsError, FailedPreconditionError, newId } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { bankAccountKey, registeredPhoneContext } from "../../store/bank-account.model";
import { type BankContext } from "../context";

export interface OpenAccountInput {
  bankCode: string;
  branchCode: string;
  accountNumber: string;
  holderNameKana: string;
  holderNameLatin: string;
  pin: string;
  registeredPhone: string;
  currency: string;
  openingBalance: bigint;
}

/** Opens a customer account at an existing bank and branch. */
export async function openAccount(context: BankContext, input: OpenAccountInput): Promise<string> {
  const bank = await context.models.banks.findById(input.bankCode).lean();
  if (!bank) throw new FailedPreconditionError("BANK_UNKNOWN", "no bank with this code");
  if (!bank.branches.some((branch) => branch.branchCode === input.branchCode)) throw new FailedPreconditionError("BRANCH_UNKNOWN", "the bank has no branch with this code");
  const accountId = newId("bac");
  const created = await insertIfAbsent(context.models.bankAccounts, {
    _id: accountId,
    bankCode: input.bankCode,
    branchCode: input.branchCode,
    accountNumber: input.accountNumber,
    accountKey: bankAccountKey(input.bankCode, input.branchCode, input.accountNumber),
    holderNameKana: input.holderNameKana,
    holderNameLatin: input.holderNameLatin,
    pinHash: await context.pins.hash(input.pin),
    registeredPhoneEncrypted: context.cipher.encrypt(input.registeredPhone, registeredPhoneContext(accountId)),
    currency: input.currency,
    openingBalance: input.openingBalance,
    createdAt: context.clock(),
  });
  if (!created) throw new AlreadyExistsError("ACCOUNT_EXISTS", "an account with this number exists at this branch");
  return accountId;
}
