import { type Connection, Schema } from "mongoose";

/**
 * A customer account at one of the sandbox's banks. The bank knows its customers: the account
 * number and the holder's names are its own records. The PIN is kept only as a keyed Argon2id
 * hash and the registered phone encrypted (a bank's data is personal data too).
 */
export interface BankAccountDocument {
  _id: string;
  bankCode: string;
  branchCode: string;
  accountNumber: string;
  /** Unique "<bank>-<branch>-<number>". */
  accountKey: string;
  holderNameKana: string;
  holderNameLatin: string;
  pinHash: string;
  /** Where the bank sends its one-time codes and notices; context "bank_accounts:<id>:registered_phone". */
  registeredPhoneEncrypted: string;
  currency: string;
  openingBalance: bigint;
  createdAt: Date;
}

const bankAccountSchema = new Schema<BankAccountDocument>(
  {
    _id: { type: String, required: true },
    bankCode: { type: String, required: true },
    branchCode: { type: String, required: true },
    accountNumber: { type: String, required: true },
    accountKey: { type: String, required: true },
    holderNameKana: { type: String, default: "" },
    holderNameLatin: { type: String, default: "" },
    pinHash: { type: String, required: true },
    registeredPhoneEncrypted: { type: String, required: true },
    currency: { type: String, required: true },
    openingBalance: { type: Schema.Types.BigInt, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "bank_accounts" },
);
bankAccountSchema.index({ accountKey: 1 }, { unique: true, name: "bank_accounts_account_key" });

export function bankAccountModel(connection: Connection) {
  return connection.model<BankAccountDocument>("BankAccount", bankAccountSchema);
}

export function bankAccountKey(bankCode: string, branchCode: string, accountNumber: string): string {
  return `${bankCode}-${branchCode}-${accountNumber}`;
}

export function registeredPhoneContext(accountId: string): string {
  return `bank_accounts:${accountId}:registered_phone`;
}
