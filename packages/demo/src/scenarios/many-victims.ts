import { COMMON_NAME } from "../actors/people";
import { type Scenario } from "../scenario";
import { attackerApp, judgeBankCode, type LinkTry, moneyCheck, openVictimAccount, proofWithFreshDocument, tryToDrain, tryToLink, type Victim } from "./attack-kit";

const VICTIMS = 6;
const BALANCE = 200_000;
const LIMIT_REASONS = ["LINK_LIMIT_REACHED", "LINK_ATTEMPTS_THROTTLED"];

/**
 * The 2020 pattern at scale: one wallet, a leaked list of accounts all held in one very common
 * name, which the attacker proofed under. The bank's code stops every link; the limits on links
 * and attempts stop the list; and if links went through anyway, the cooling-off cap and the
 * rule on wallets funded by many bank accounts stop the drain.
 */
export const manyVictims: Scenario = {
  id: "many-victims-one-wallet",
  title: "attack 5: many victims to one wallet, fresh-link drain",
  kind: "attack",
  expectedLayers: ["BANK_ONE_TIME_CODE", "LINK_LIMITS", "COOLING_OFF", "RISK_RULES"],
  async play(context) {
    const { run } = context;
    const victims: Victim[] = [];
    for (let n = 0; n < VICTIMS; n++) victims.push(await openVictimAccount(context, COMMON_NAME, BALANCE, `victim ${n + 1}'s`));
    const app = await attackerApp(context, "manyvictims", COMMON_NAME, { confirmPhone: true, secondFactor: true });
    if (!(await proofWithFreshDocument(app, COMMON_NAME, "a common name on a fresh, valid card"))) return { problems: ["the attacker's proofing was not approved"] };

    const linked: { attempt: LinkTry; victim: Victim }[] = [];
    for (const [index, victim] of victims.entries()) {
      const attempt = await tryToLink(app, victim, 1);
      judgeBankCode(context, attempt, 1);
      if (LIMIT_REASONS.includes(attempt.startRefusal)) run.layer("LINK_LIMITS", "held", `link attempt ${index + 1} of ${VICTIMS} refused: ${attempt.startRefusal}`);
      if (attempt.active) linked.push({ attempt, victim });
    }
    if (linked.length === victims.length) run.layer("LINK_LIMITS", "did not hold", `all ${VICTIMS} accounts linked to one wallet`);

    let walletId: string | undefined;
    if (linked.length > 0) {
      walletId = await app.openWallet();
      const drains = [];
      for (const [index, { attempt, victim }] of linked.entries()) drains.push(await tryToDrain(app, attempt.linkId, victim, index === 0));
      run.layer("COOLING_OFF", drains[0]!.wholeBalanceCapped ? "held" : "did not hold", drains[0]!.wholeBalanceCapped
        ? "the whole balance refused (COOLING_OFF_LIMIT); at most 10,000 yen a day per fresh link"
        : "a whole balance left through a fresh link");
      const third = drains[2];
      if (third) {
        run.layer("RISK_RULES", third.heldForReview && third.completed === 0 ? "held" : "did not hold", third.heldForReview
          ? "the third bank account's top-up was HELD_FOR_REVIEW (WALLET_FUNDED_BY_MANY_BANK_ACCOUNTS)"
          : "a third bank account funded the same wallet without review");
      }
    }
    return { problems: [], money: await moneyCheck(context, victims, app, walletId) };
  },
};
