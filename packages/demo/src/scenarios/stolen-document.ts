import { ProofingStatus } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { evidenceFor, myNumber, newPerson, REPORTED_STOLEN_MY_NUMBER, VICTIM } from "../actors/people";
import { WalletApp } from "../actors/wallet-app";
import { type Scenario, type ScenarioContext } from "../scenario";
import { attackerApp, followThrough, judgeBankCode, moneyCheck, openVictimAccount, tryToLink } from "./attack-kit";

/**
 * The attacker proofs with the victim's identity document: one reported stolen, and one the
 * victim already proofed with at this wallet. Both are refused and recorded as security events,
 * so the attacker stays unproofed and the gate refuses the link.
 */
export const stolenDocument: Scenario = {
  id: "stolen-document",
  title: "attack 3: stolen or already-used identity document",
  kind: "attack",
  expectedLayers: ["DOCUMENT_CHECKS", "IDENTITY_PROOFING"],
  async play(context) {
    const { run } = context;
    const victim = await openVictimAccount(context, VICTIM, 250_000);
    // The victim is a wallet user too, proofed with the card whose copy later leaked.
    const victimDocument = myNumber();
    const victimApp = new WalletApp(context.clients, run, "victim", newPerson("victim", VICTIM));
    await victimApp.signUp({ confirmPhone: true });
    await victimApp.logIn({ secondFactor: true });
    const victimProofed = await victimApp.proof(evidenceFor(VICTIM, { documentNumber: victimDocument }), "own My Number card");
    if (!victimProofed.ok || victimProofed.value.status !== ProofingStatus.PROOFING_STATUS_APPROVED) return { problems: ["the victim's own proofing was not approved"] };

    const app = await attackerApp(context, "stolendoc", VICTIM, { confirmPhone: true, secondFactor: true });
    const stolen = await app.proof(evidenceFor(VICTIM, { documentNumber: REPORTED_STOLEN_MY_NUMBER }), "a card reported stolen");
    const reused = await app.proof(evidenceFor(VICTIM, { documentNumber: victimDocument }), "the victim's card, already used");
    const events = await securityEvents(context, app.userId);

    const stolenRefused = stolen.ok && stolen.value.status === ProofingStatus.PROOFING_STATUS_REJECTED && stolen.value.reasons.includes("DOCUMENT_REPORTED_STOLEN");
    const reusedRefused = reused.ok ? reused.value.reasons.includes("DOCUMENT_ALREADY_USED") : reused.error.reason === "DOCUMENT_ALREADY_USED";
    const recorded = events.includes("PROOFING_REJECTED:DOCUMENT_REPORTED_STOLEN") && events.some((event) => event.startsWith("DOCUMENT_ALREADY_USED"));
    const approved = [stolen, reused].some((outcome) => outcome.ok && outcome.value.status === ProofingStatus.PROOFING_STATUS_APPROVED);
    if (approved) run.layer("DOCUMENT_CHECKS", "did not hold", "a stolen or already-used document was approved");
    else if (stolenRefused && reusedRefused && recorded) run.layer("DOCUMENT_CHECKS", "held", "DOCUMENT_REPORTED_STOLEN and DOCUMENT_ALREADY_USED, both recorded as security events");
    else run.layer("DOCUMENT_CHECKS", "did not hold", "refused, but not for the document or without a security event");

    const attempt = await tryToLink(app, victim, 5);
    if (attempt.startRefusal === "IAL2_REQUIRED") run.layer("IDENTITY_PROOFING", "held", "still unproofed: StartLink refused IAL2_REQUIRED");
    if (attempt.started) run.layer("IDENTITY_PROOFING", "did not hold", "a link started after proofing with a stolen document");
    judgeBankCode(context, attempt, 5);
    const walletId = await followThrough(context, app, attempt, victim);
    return { problems: [], money: await moneyCheck(context, [victim], app, walletId) };
  },
};

/** The attacker's security events as the fraud team sees them: "TYPE:reason". */
async function securityEvents(context: ScenarioContext, userId: string): Promise<string[]> {
  return context.run.observe("security events recorded for the attacker", async (trace) => {
    const { events } = await context.clients.operatorIdentity.listSecurityEvents({ userId, type: "", from: undefined, to: undefined, pageSize: 50, pageToken: "" }, { headers: trace.headers() });
    return events.filter((event) => event.type === "PROOFING_REJECTED" || event.type === "DOCUMENT_ALREADY_USED").map((event) => `${event.type}:${event.reason}`);
  }, (events) => (events.length === 0 ? "none" : events.join(", ")));
}
