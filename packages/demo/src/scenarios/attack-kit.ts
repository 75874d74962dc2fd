import { BankAuthenticationMethod, LinkState } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { ProofingStatus } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { evidenceFor, newPerson, newPhone, type PersonName } from "../actors/people";
import { type BankAccount, ending } from "../actors/sandbox-bank";
import { WalletApp } from "../actors/wallet-app";
import { type MoneyCheck } from "../result";
import { type ScenarioContext } from "../scenario";

/** A bank customer whose account number, PIN and name are on the criminals' leaked list. */
export interface Victim {
  account: BankAccount;
  balanceBefore: number;
}

export async function openVictimAccount(context: ScenarioContext, holder: PersonName, balanceYen: number, whose = "the victim's"): Promise<Victim> {
  const account = await context.run.must("bank staff", `opens ${whose} account (${balanceYen.toLocaleString("en")} yen); number and PIN leak`, (trace) =>
    context.bank.openAccount(holder, newPhone(), balanceYen, trace.headers()), (opened) => ({ decision: "DONE", detail: `account ${ending(opened)}` }));
  return { account, balanceBefore: balanceYen };
}

/** An attacker's wallet app: signed up with the attacker's own email and phone, logged in. */
export async function attackerApp(context: ScenarioContext, label: string, name: PersonName, options: { confirmPhone: boolean; secondFactor: boolean }): Promise<WalletApp> {
  const app = new WalletApp(context.clients, context.run, "attacker", newPerson(label, name));
  await app.signUp({ confirmPhone: options.confirmPhone });
  await app.logIn({ secondFactor: options.secondFactor });
  return app;
}

/** Proofs the attacker under a name with a fresh, valid document (one nobody reported or used). */
export async function proofWithFreshDocument(app: WalletApp, name: PersonName, label: string): Promise<boolean> {
  const proofed = await app.proof(evidenceFor(name), label);
  return proofed.ok && proofed.value.status === ProofingStatus.PROOFING_STATUS_APPROVED;
}

/** The bank's messages to the phone it knows for an account, as the holder would see them. */
export async function holderMessages(context: ScenarioContext, victim: Victim): Promise<string[]> {
  return context.run.observe(`the holder's phone (registered at the bank) for ${ending(victim.account)}`, async (trace) =>
    (await context.bank.outbox(victim.account.registeredPhone, trace.headers())).map((message) => message.template),
  (templates) => (templates.length === 0 ? "no message from the bank" : `bank messages: ${templates.join(", ")}`));
}

export interface LinkTry {
  linkId: string;
  started: boolean;
  active: boolean;
  /** The bank asked for the PIN only (a 2020 bank). */
  pinOnly: boolean;
  startRefusal: string;
}

/**
 * What the attacker does with a leaked account number and PIN: start a link, and confirm it
 * with what the bank asks for. With a 2020 bank that is the PIN alone; with a modern bank the
 * code went to the holder's phone, so the attacker can only guess it.
 */
export async function tryToLink(app: WalletApp, victim: Victim, guesses: number): Promise<LinkTry> {
  const started = await app.startLink(victim.account, "the victim's");
  if (!started.ok) return { linkId: "", started: false, active: false, pinOnly: false, startRefusal: started.error.reason };
  const linkId = started.value.link!.linkId;
  const pinOnly = started.value.bankAuthenticationMethod === BankAuthenticationMethod.BANK_AUTHENTICATION_METHOD_PIN_ONLY;
  const tries = pinOnly ? [""] : ["000000", "123456", "111111", "999999", "654321"].slice(0, guesses);
  for (const code of tries) {
    const confirmed = await app.confirmLink(linkId, victim.account.pin, code, code ? `the leaked PIN and a guessed code` : "the leaked PIN alone");
    if (confirmed.ok && confirmed.value.link?.state === LinkState.LINK_STATE_ACTIVE) return { linkId, started: true, active: true, pinOnly, startRefusal: "" };
    if (!confirmed.ok && confirmed.error.reason !== "BANK_AUTHENTICATION_FAILED") break;
  }
  return { linkId, started: true, active: false, pinOnly, startRefusal: "" };
}

export interface DrainOutcome {
  /** A top-up of the whole balance was refused by the cooling-off limit. */
  wholeBalanceCapped: boolean;
  completed: number;
  heldForReview: boolean;
}

/** Tries to pull a victim's deposit through an active link: all of it, then the most allowed. */
export async function tryToDrain(app: WalletApp, linkId: string, victim: Victim, whole: boolean): Promise<DrainOutcome> {
  const outcome: DrainOutcome = { wholeBalanceCapped: false, completed: 0, heldForReview: false };
  const from = `the victim's account ${ending(victim.account)}`;
  if (whole) {
    const all = await app.topUp(linkId, victim.balanceBefore, from);
    outcome.wholeBalanceCapped = all.ok && all.value?.failureReason === "COOLING_OFF_LIMIT";
    if (all.ok && all.value?.state === PaymentState.PAYMENT_STATE_COMPLETED) outcome.completed += 1;
  }
  const capped = await app.topUp(linkId, 10_000, from);
  if (capped.ok && capped.value?.state === PaymentState.PAYMENT_STATE_COMPLETED) outcome.completed += 1;
  if (capped.ok && capped.value?.state === PaymentState.PAYMENT_STATE_HELD_FOR_REVIEW) outcome.heldForReview = true;
  return outcome;
}

/** Victims' balances now against before, and what reached the attacker's wallet. */
export async function moneyCheck(context: ScenarioContext, victims: Victim[], app: WalletApp | undefined, walletId: string | undefined): Promise<MoneyCheck> {
  return context.run.observe("balances: victims' bank accounts and the attacker's wallet", async (trace) => {
    let after = 0;
    for (const victim of victims) after += await context.bank.balance(victim.account, trace.headers());
    const before = victims.reduce((sum, victim) => sum + victim.balanceBefore, 0);
    const attackerWalletAfter = app && walletId ? await app.walletBalance(walletId) : 0;
    return { victimBankBefore: before, victimBankAfter: after, attackerWalletAfter, moved: before - after };
  }, (money) => `victims ${money.victimBankBefore.toLocaleString("en")} -> ${money.victimBankAfter.toLocaleString("en")} yen; attacker's wallet ${money.attackerWalletAfter.toLocaleString("en")} yen`);
}

/** The bank's layer, judged from how a link attempt ended. */
export function judgeBankCode(context: ScenarioContext, attempt: LinkTry, guesses: number): void {
  if (!attempt.started) return;
  if (attempt.active) {
    context.run.layer("BANK_ONE_TIME_CODE", "did not hold", attempt.pinOnly ? "the bank asked for the PIN alone: the leaked PIN made the link ACTIVE" : "the link became ACTIVE without the holder's code");
  } else {
    context.run.layer("BANK_ONE_TIME_CODE", "held", `the code went to the holder's phone only; ${attempt.pinOnly ? "the PIN" : `the leaked PIN with ${guesses} guessed code(s)`} refused, link not active`);
  }
}

/** Whether the bank told the holder of an attempt or a link on the phone it knows. */
export function judgeHolderNotified(context: ScenarioContext, attempt: LinkTry, templates: string[]): void {
  if (!attempt.started) return;
  const told = templates.some((template) => template === "bank_link_attempt" || template === "bank_link_created");
  context.run.layer("HOLDER_NOTIFIED", told ? "held" : "did not hold", told ? `the holder got: ${templates.join(", ")}` : "the bank sent the holder nothing");
}

/** If a link went through anyway, the attacker tries to drain it; cooling-off must cap the loss. */
export async function followThrough(context: ScenarioContext, app: WalletApp, attempt: LinkTry, victim: Victim): Promise<string | undefined> {
  if (!attempt.active) return undefined;
  const walletId = await app.openWallet();
  const drained = await tryToDrain(app, attempt.linkId, victim, true);
  context.run.layer("COOLING_OFF", drained.wholeBalanceCapped ? "held" : "did not hold", drained.wholeBalanceCapped
    ? `a top-up of the whole balance failed with COOLING_OFF_LIMIT; ${drained.completed > 0 ? "10,000 yen a day still got through" : "nothing moved"}`
    : "a top-up of the whole balance was not stopped by the cooling-off limit");
  return walletId;
}
