import { NotFoundError } from "@wallet/service-kit";
import { type BankAccountDocument, bankAccountKey } from "../../store/bank-account.model";
import { type SandboxBankModels } from "../../store/models";

export interface AccountAddress {
  bankCode: string;
  branchCode: string;
  accountNumber: string;
}

export async function findAccount(models: SandboxBankModels, address: AccountAddress): Promise<BankAccountDocument> {
  const account = await models.bankAccounts.findOne({ accountKey: bankAccountKey(address.bankCode, address.branchCode, address.accountNumber) }).lean();
  if (!account) throw new NotFoundError("bank_account");
  return account;
}

export async function accountById(models: SandboxBankModels, accountId: string): Promise<BankAccountDocument> {
  const account = await models.bankAccounts.findById(accountId).lean();
  if (!account) throw new NotFoundError("bank_account");
  return account;
}
