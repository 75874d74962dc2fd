import { z } from "zod";

/** How a wallet operator names a customer account: bank code, branch code, account number. */
export const accountAddress = {
  bankCode: z.string().regex(/^\d{4}$/, "must be a 4-digit bank code"),
  branchCode: z.string().regex(/^\d{3}$/, "must be a 3-digit branch code"),
  accountNumber: z.string().regex(/^\d{7}$/, "must be a 7-digit account number"),
};

/** A bank PIN (暗証番号): four digits. */
export const pin = z.string().regex(/^\d{4}$/, "must be 4 digits");
