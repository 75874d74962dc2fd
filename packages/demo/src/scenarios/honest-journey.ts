import { BankAuthenticationMethod, LinkState } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { ProofingStatus } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { evidenceFor, HONEST_USER, newPerson } from "../actors/people";
import { ending } from "../actors/sandbox-bank";
import { WalletApp } from "../actors/wallet-app";
import { type Scenario, type ScenarioOutcome } from "../scenario";

const OPENING_BALANCE = 50_000;
const TOP_UP = 3_000;
const PAYMENT = 1_200;

/**
 * The honest user's journey from sign-up to a first payment: confirm email and phone, log in
 * with the SMS code, proof identity, link their own bank account with the bank's code, top up,
 * pay a merchant. Counts every action the user did.
 */
export const honestJourney: Scenario = {
  id: "honest-journey",
  title: "honest user: sign-up to first payment",
  kind: "honest",
  expectedLayers: [],
  async play({ clients, bank, run }): Promise<ScenarioOutcome> {
    const person = newPerson("honest", HONEST_USER);
    const account = await run.must("bank staff", `opens the user's own account (${OPENING_BALANCE.toLocaleString("en")} yen) on the user's phone`, (trace) =>
      bank.openAccount(HONEST_USER, person.phone, OPENING_BALANCE, trace.headers()), (opened) => ({ decision: "DONE", detail: `account ${ending(opened)}` }));
    const started = Date.now();
    const app = new WalletApp(clients, run, "user", person);
    const outcome = (problem?: string): ScenarioOutcome => ({
      problems: problem ? [problem] : [],
      userActions: { count: app.actions.length, actions: [...app.actions], elapsedMs: Date.now() - started },
    });

    await app.signUp({ confirmPhone: true });
    await app.logIn({ secondFactor: true });
    const proofed = await app.proof(evidenceFor(HONEST_USER), "own My Number card");
    if (!proofed.ok || proofed.value.status !== ProofingStatus.PROOFING_STATUS_APPROVED) return outcome("identity proofing was not approved");

    const link = await app.startLink(account, "their own");
    if (!link.ok) return outcome(`linking their own account was refused: ${link.error.reason}`);
    const pinOnly = link.value.bankAuthenticationMethod === BankAuthenticationMethod.BANK_AUTHENTICATION_METHOD_PIN_ONLY;
    // The user reads the bank's SMS on their own phone (the phone the bank knows).
    const code = pinOnly ? "" : await bank.linkCode(person.phone);
    if (code === undefined) return outcome("the bank's code never reached the user's phone");
    const confirmed = await app.confirmLink(link.value.link!.linkId, account.pin, code, pinOnly ? "their PIN" : "their PIN and the code the bank texted them");
    if (!confirmed.ok || confirmed.value.link?.state !== LinkState.LINK_STATE_ACTIVE) return outcome("their own link did not become active");

    const walletId = await app.openWallet();
    const topUp = await app.topUp(confirmed.value.link.linkId, TOP_UP, `their account ${ending(account)}`);
    if (!topUp.ok || topUp.value?.state !== PaymentState.PAYMENT_STATE_COMPLETED) return outcome("the first top-up did not complete");
    const paid = await app.pay("demo-corner-cafe", PAYMENT);
    if (!paid.ok || paid.value?.state !== PaymentState.PAYMENT_STATE_COMPLETED) return outcome("the first payment did not complete");
    const done = outcome();

    const balances = await run.observe("balances: the user's wallet and bank account", async (trace) =>
      ({ wallet: await app.walletBalance(walletId), bank: await bank.balance(account, trace.headers()) }),
    (seen) => `wallet ${seen.wallet.toLocaleString("en")} yen, bank ${seen.bank.toLocaleString("en")} yen`);
    if (balances.wallet !== TOP_UP - PAYMENT || balances.bank !== OPENING_BALANCE - TOP_UP) done.problems.push("balances after the journey are not what was paid");
    return done;
  },
};
