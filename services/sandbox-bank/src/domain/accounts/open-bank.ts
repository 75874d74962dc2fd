import { AlreadyExistsError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type SandboxBankModels } from "../../store/models";

export interface OpenBankInput {
  bankCode: string;
  name: string;
  branches: { branchCode: string; name: string }[];
}

export async function openBank(models: SandboxBankModels, input: OpenBankInput, now = new Date()): Promise<void> {
  const created = await insertIfAbsent(models.banks, { _id: input.bankCode, name: input.name, branches: input.branches, createdAt: now });
  if (!created) throw new AlreadyExistsError("BANK_EXISTS", "a bank with this code exists");
}
