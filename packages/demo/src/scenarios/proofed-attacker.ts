import { ATTACKER, VICTIM } from "../actors/people";
import { type Scenario } from "../scenario";
import { attackerApp, followThrough, holderMessages, judgeBankCode, judgeHolderNotified, moneyCheck, openVictimAccount, proofWithFreshDocument, tryToLink } from "./attack-kit";

/**
 * The attacker proofs their own identity, then offers the victim's account. The bank's holder
 * check refuses the name (and answers exactly as for an account that does not exist); were it
 * to pass, the bank's code would go to the victim's phone.
 */
export const proofedAttacker: Scenario = {
  id: "proofed-attacker",
  title: "attack 2: proofed attacker, victim's account",
  kind: "attack",
  expectedLayers: ["HOLDER_NAME_MATCH", "BANK_ONE_TIME_CODE"],
  async play(context) {
    const victim = await openVictimAccount(context, VICTIM, 250_000);
    const app = await attackerApp(context, "ownname", ATTACKER, { confirmPhone: true, secondFactor: true });
    if (!(await proofWithFreshDocument(app, ATTACKER, "own name, own My Number card"))) return { problems: ["the attacker's own proofing was not approved"] };
    const attempt = await tryToLink(app, victim, 5);
    if (attempt.startRefusal === "HOLDER_MISMATCH") context.run.layer("HOLDER_NAME_MATCH", "held", "StartLink refused: HOLDER_MISMATCH (the bank was not told whose name, nor asked to send a code)");
    if (attempt.started) context.run.layer("HOLDER_NAME_MATCH", "did not hold", "a link to another person's account started");
    judgeBankCode(context, attempt, 5);
    judgeHolderNotified(context, attempt, await holderMessages(context, victim));
    const walletId = await followThrough(context, app, attempt, victim);
    return { problems: [], money: await moneyCheck(context, [victim], app, walletId) };
  },
};
