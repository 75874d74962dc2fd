import { ATTACKER, VICTIM } from "../actors/people";
import { type Scenario } from "../scenario";
import { attackerApp, followThrough, holderMessages, judgeBankCode, moneyCheck, openVictimAccount, tryToLink } from "./attack-kit";

/**
 * The 2020 attack as it happened: a wallet opened with an email address alone, the victim's
 * leaked account number and PIN. The gate refuses the link before the bank is even asked.
 */
export const emailOnlyWallet: Scenario = {
  id: "email-only-wallet",
  title: "attack 1: email-only wallet links the victim's account",
  kind: "attack",
  expectedLayers: ["IDENTITY_PROOFING"],
  async play(context) {
    const victim = await openVictimAccount(context, VICTIM, 250_000);
    const app = await attackerApp(context, "emailonly", ATTACKER, { confirmPhone: false, secondFactor: false });
    const attempt = await tryToLink(app, victim, 5);
    if (attempt.startRefusal === "IAL2_REQUIRED") context.run.layer("IDENTITY_PROOFING", "held", "StartLink refused: IAL2_REQUIRED (no proofed identity)");
    if (attempt.started) context.run.layer("IDENTITY_PROOFING", "did not hold", "an email-only wallet started a link");
    judgeBankCode(context, attempt, 5);
    await holderMessages(context, victim);
    const walletId = await followThrough(context, app, attempt, victim);
    return { problems: [], money: await moneyCheck(context, [victim], app, walletId) };
  },
};
