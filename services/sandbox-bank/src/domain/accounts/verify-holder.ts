import { type HolderMatch, matchHolder, type ProofedName } from "../holder-names/holder-match";
import { type SandboxBankModels } from "../../store/models";
import { type AccountAddress, findAccount } from "./find-account";

/**
 * Answers whether a name matches the account's holder: yes or no and a score. The holder's name
 * itself never leaves the bank, whatever the question.
 */
export async function verifyHolder(models: SandboxBankModels, address: AccountAddress, name: ProofedName): Promise<HolderMatch> {
  const account = await findAccount(models, address);
  return matchHolder({ kana: account.holderNameKana, latin: account.holderNameLatin }, name);
}
