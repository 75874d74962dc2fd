import { VICTIM } from "../actors/people";
import { type Scenario } from "../scenario";
import { attackerApp, followThrough, holderMessages, judgeBankCode, judgeHolderNotified, moneyCheck, openVictimAccount, proofWithFreshDocument, tryToLink } from "./attack-kit";

const GUESSES = 5;

/**
 * The attacker proofs under the victim's name with a fresh, valid document (a forged or bought
 * card), so the holder check passes. What stops them is the bank: its code goes to the phone
 * the bank knows, the victim's, who is told a wallet is trying to link the account.
 */
export const syntheticNameMatch: Scenario = {
  id: "synthetic-name-match",
  title: "attack 4: attacker proofed under the victim's name",
  kind: "attack",
  expectedLayers: ["BANK_ONE_TIME_CODE", "HOLDER_NOTIFIED", "COOLING_OFF"],
  async play(context) {
    const victim = await openVictimAccount(context, VICTIM, 300_000);
    const app = await attackerApp(context, "synthetic", VICTIM, { confirmPhone: true, secondFactor: true });
    if (!(await proofWithFreshDocument(app, VICTIM, "the victim's name on a fresh, valid card"))) return { problems: ["the attacker's proofing was not approved"] };
    const attempt = await tryToLink(app, victim, GUESSES);
    judgeBankCode(context, attempt, GUESSES);
    judgeHolderNotified(context, attempt, await holderMessages(context, victim));
    if (attempt.started && !attempt.active) await app.linkState(attempt.linkId);
    const walletId = await followThrough(context, app, attempt, victim);
    return { problems: [], money: await moneyCheck(context, [victim], app, walletId) };
  },
};
