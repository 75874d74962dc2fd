import { BankAuthenticationMethod, type Link, LinkState } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import {
  ContactChannel,
  ProofingStatus,
  SecondFactor,
  type Proofing,
  type StartProofingRequest,
  type StartSignUpResponse,
  type Tokens,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type Payment, PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type PlatformClients } from "../clients";
import { type Attempt, type ScenarioRun } from "../scenario-run";
import { type StepTrace } from "../trace";
import { type Person } from "./people";
import { address, type BankAccount, ending } from "./sandbox-bank";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const linkStateName = (link: Link | undefined) => LinkState[link?.state ?? LinkState.LINK_STATE_UNSPECIFIED].replace("LINK_STATE_", "");

export function paymentJudgement(payment: Payment | undefined) {
  const state = PaymentState[payment?.state ?? PaymentState.PAYMENT_STATE_UNSPECIFIED].replace("PAYMENT_STATE_", "");
  return { decision: state, reason: payment?.failureReason || (payment?.risk?.reasons ?? []).join(","), detail: payment?.risk?.stepUpVerified ? "step-up verified" : "" };
}

/**
 * The wallet app in one person's hands. Every form the person submits and every code they type
 * is counted as a user action; what the app does by itself (asking for the login code after
 * the password, polling a pending proofing, opening the wallet) is not. The person reads their
 * own email and SMS: the demo reads them from identity's development outbox as the operator.
 */
export class WalletApp {
  readonly actions: string[] = [];
  userId = "";
  private accessToken = "";

  /** The device's address (a documentation range): each person signs up from their own, as identity rations sign-ups per address. */
  private readonly clientAddress = `203.0.113.${1 + Math.floor(Math.random() * 254)}`;

  constructor(private readonly clients: PlatformClients, private readonly run: ScenarioRun, readonly actor: string, readonly person: Person) {}

  private options(trace: StepTrace, extra: { stepUpProof?: string } = {}) {
    return { accessToken: this.accessToken, headers: trace.headers(), ...extra };
  }

  private did(action: string): void {
    this.actions.push(action);
  }

  /** The newest six-digit code sent to the person's email or phone by the wallet. */
  async ownCode(channel: "email" | "sms", trace: StepTrace): Promise<string> {
    const { messages } = await this.clients.operatorIdentity.listOutboxMessages({
      channel: channel === "email" ? ContactChannel.CONTACT_CHANNEL_EMAIL : ContactChannel.CONTACT_CHANNEL_PHONE,
      recipient: channel === "email" ? this.person.email : this.person.phone,
      limit: 1,
    }, { headers: trace.headers() });
    const code = /\b(\d{6})\b/.exec(messages[0]?.body ?? "")?.[1];
    if (!code) throw new Error(`no code in the ${channel} outbox of the ${this.actor}`);
    return code;
  }

  /** Sign-up: the form, then the code from the email, then (unless skipped) the code by SMS. */
  async signUp(options: { confirmPhone: boolean }): Promise<void> {
    const { signUpId }: StartSignUpResponse = await this.run.must(this.actor, `signs up with ${options.confirmPhone ? "email and phone" : "an email only"}`, (trace) =>
      this.clients.identity.startSignUp({ email: this.person.email, phone: this.person.phone, password: this.person.password, handle: this.person.handle }, { headers: { ...trace.headers(), "x-forwarded-for": this.clientAddress } }));
    this.did("form: sign-up");
    const confirmed = await this.run.must(this.actor, "types the code from the email", async (trace) =>
      this.clients.identity.confirmSignUpContact({ signUpId, channel: ContactChannel.CONTACT_CHANNEL_EMAIL, code: await this.ownCode("email", trace) }, { headers: trace.headers() }));
    this.did("code typed: email");
    this.userId = confirmed.userId;
    if (!options.confirmPhone) return;
    await this.run.must(this.actor, "types the code from the SMS", async (trace) =>
      this.clients.identity.confirmSignUpContact({ signUpId, channel: ContactChannel.CONTACT_CHANNEL_PHONE, code: await this.ownCode("sms", trace) }, { headers: trace.headers() }));
    this.did("code typed: SMS");
  }

  /** Email and password (AAL1); with a second factor, the login code sent by SMS (AAL2). */
  async logIn(options: { secondFactor: boolean }): Promise<void> {
    const login = await this.run.must(this.actor, "logs in with email and password", (trace) =>
      this.clients.identity.login({ email: this.person.email, password: this.person.password }, { headers: trace.headers() }), (answer) => ({ decision: "ALLOWED", detail: `AAL${answer.tokens?.aal ?? 0}` }));
    this.did("form: log in");
    this.useTokens(login.tokens);
    if (!options.secondFactor) return;
    const verified = await this.run.must(this.actor, "types the SMS login code", async (trace) => {
      const { challengeId } = await this.clients.identity.sendLoginCode({}, this.options(trace));
      return this.clients.identity.verifySecondFactor({ factor: SecondFactor.SECOND_FACTOR_SMS, code: await this.ownCode("sms", trace), challengeId }, this.options(trace));
    }, (answer) => ({ decision: "ALLOWED", detail: `AAL${answer.tokens?.aal ?? 0}` }));
    this.did("code typed: SMS login code");
    this.useTokens(verified.tokens);
  }

  /** Submits identity evidence; the app waits for the provider's decision. */
  async proof(evidence: StartProofingRequest, label: string): Promise<Attempt<Proofing>> {
    const outcome = await this.run.attempt(this.actor, `submits identity documents (${label})`, async (trace) => {
      const { proofing } = await this.clients.identity.startProofing(evidence, this.options(trace));
      for (let waited = 0; waited < 30_000; waited += 250) {
        const { proofing: current } = await this.clients.identity.getProofing({ proofingId: proofing!.proofingId }, this.options(trace));
        if (current && current.status !== ProofingStatus.PROOFING_STATUS_PENDING) return current;
        await sleep(250);
      }
      throw new Error("identity proofing still pending after 30 s");
    }, (proofing) => ({ decision: ProofingStatus[proofing.status].replace("PROOFING_STATUS_", ""), reason: proofing.reasons.join(",") }));
    this.did("form: identity documents");
    // The gate reads the identity level from identity's store on every call: no new session needed.
    return outcome;
  }

  async startLink(account: BankAccount, whose: string) {
    const outcome = await this.run.attempt(this.actor, `starts linking ${whose} bank account ${ending(account)}`, (trace) =>
      this.clients.bankLink.startLink({ ...address(account), idempotencyKey: `demo-link-${trace.traceId.slice(0, 20)}` }, this.options(trace)),
    (answer) => ({ decision: "ALLOWED", detail: `${linkStateName(answer.link)}, bank asks for ${answer.bankAuthenticationMethod === BankAuthenticationMethod.BANK_AUTHENTICATION_METHOD_PIN_ONLY ? "the PIN only" : "PIN and one-time code"}` }));
    this.did("form: bank account to link");
    return outcome;
  }

  async confirmLink(linkId: string, pin: string, oneTimeCode: string, what: string) {
    const outcome = await this.run.attempt(this.actor, `confirms the link with ${what}`, (trace) =>
      this.clients.bankLink.confirmLink({ linkId, pin, oneTimeCode }, this.options(trace)),
    (answer) => ({ decision: linkStateName(answer.link) }));
    this.did("form: PIN and bank code");
    return outcome;
  }

  async linkState(linkId: string): Promise<string> {
    return this.run.observe("reads the link's state", async (trace) => linkStateName((await this.clients.bankLink.getLink({ linkId }, this.options(trace))).link), (state) => state);
  }

  /** The app opens the JPY wallet itself the first time it is needed (not a user action). */
  async openWallet(): Promise<string> {
    const { wallet } = await this.run.must(this.actor, "opens a JPY wallet", (trace) => this.clients.account.openWallet({ currency: "JPY" }, this.options(trace)));
    return wallet!.walletId;
  }

  async walletBalance(walletId: string): Promise<number> {
    const { balance } = await this.clients.account.getBalance({ walletId }, { accessToken: this.accessToken });
    return Number(balance?.minorUnits ?? 0n);
  }

  async topUp(linkId: string, yen: number, from: string): Promise<Attempt<Payment | undefined>> {
    const key = `demo-topup-${Date.now().toString(36)}-${this.actions.length}`;
    return this.withStepUp(`tops up ${yen.toLocaleString("en")} yen from ${from}`, "form: top up", (trace, stepUpProof) =>
      this.clients.payment.topUp({ linkId, amount: { currency: "JPY", minorUnits: BigInt(yen) }, idempotencyKey: key }, this.options(trace, stepUpProof ? { stepUpProof } : {})).then((answer) => answer.payment));
  }

  async pay(merchantId: string, yen: number): Promise<Attempt<Payment | undefined>> {
    const key = `demo-pay-${Date.now().toString(36)}-${this.actions.length}`;
    return this.withStepUp(`pays ${yen.toLocaleString("en")} yen to merchant ${merchantId}`, "confirm: pay the merchant", (trace, stepUpProof) =>
      this.clients.payment.pay({ merchantId, amount: { currency: "JPY", minorUnits: BigInt(yen) }, orderReference: "demo-order", idempotencyKey: key }, this.options(trace, stepUpProof ? { stepUpProof } : {})).then((answer) => answer.payment));
  }

  /**
   * A payment the risk engine answers with STEP_UP_REQUIRED: the code goes to this user's own
   * phone, the user types it and the app sends the payment again with the proof.
   */
  private async withStepUp(action: string, counted: string, send: (trace: StepTrace, stepUpProof?: string) => Promise<Payment | undefined>): Promise<Attempt<Payment | undefined>> {
    const first = await this.run.attempt(this.actor, action, async (trace) => this.settled(await send(trace), trace), paymentJudgement);
    this.did(counted);
    if (first.ok || first.error.reason !== "STEP_UP_REQUIRED" || !first.error.facts["challenge_id"]) return first;
    const challengeId = first.error.facts["challenge_id"];
    const proved = await this.run.attempt(this.actor, "types the step-up code the wallet sent to their own phone", async (trace) => {
      await this.clients.identity.startStepUp({ challengeId }, this.options(trace));
      return this.clients.identity.completeStepUp({ challengeId, code: await this.ownCode("sms", trace) }, this.options(trace));
    });
    this.did("code typed: step-up");
    if (!proved.ok) return first;
    return this.run.attempt(this.actor, `${action}, with the step-up proof`, async (trace) => this.settled(await send(trace, proved.value.stepUpProof), trace), paymentJudgement);
  }

  /** Waits for a payment still PROCESSING to settle (the saga usually finishes within the call). */
  private async settled(payment: Payment | undefined, trace: StepTrace): Promise<Payment | undefined> {
    let current = payment;
    for (let waited = 0; current?.state === PaymentState.PAYMENT_STATE_PROCESSING && waited < 15_000; waited += 250) {
      await sleep(250);
      current = (await this.clients.payment.getPayment({ paymentId: current.paymentId }, this.options(trace))).payment;
    }
    return current;
  }

  private useTokens(tokens: Tokens | undefined): void {
    if (!tokens) throw new Error("identity answered without tokens");
    this.accessToken = tokens.accessToken;
  }
}
