import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { PaymentServiceService, PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { RemoteError } from "@wallet/service-kit";
import { newPerson, type Person, type SignedIn, type TestPlatform, Users } from "@wallet/testing";

/** A proofed wallet owner who already knows the next sender in the ring as a payee. */
export interface Sender {
  person: Person;
  session: SignedIn;
  walletId: string;
  payeeHandle: string;
  /** Transfers this sender may still make today before the risk engine's velocity rule. */
  budget: number;
}

/** Transfers a user may make in 24 hours before the risk engine holds them for review. */
const DAILY_TRANSFERS = 30;
/** Logins at once when the senders sign in again before a phase. */
const SIGN_INS_AT_ONCE = 32;

/**
 * Runs `work` for indexes 0 to count - 1, `parallel` at a time: hundreds of sign-ups or first
 * transfers at once queue behind each other in identity past the gate's deadline, which
 * measures nothing.
 */
async function inBatches(count: number, parallel: number, work: (index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < count; start += parallel) {
    await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, offset) => work(start + offset)));
  }
}

/**
 * Makes `count` honest users (sign-up, AAL2, IAL2), funds their wallets the way a top-up
 * would, and has each make a first transfer to the next one with the step-up that a first-time
 * payee asks for, so the benchmark's transfers are the everyday kind.
 */
export async function transferSenders(platform: TestPlatform, count: number, parallel = 6): Promise<Sender[]> {
  const users = await Users.on(platform);
  const account = platform.client(AccountServiceService, "account");
  const ledger = await platform.serviceClient(AccountServiceService, "account", "payment");
  const senders: Sender[] = [];
  const make = async (index: number) => {
    const person = newPerson(`bench${index}`);
    const session = await users.honest(person);
    const { wallet } = await account.openWallet({ currency: "JPY" }, { accessToken: session.accessToken });
    await ledger.credit({ walletId: wallet!.walletId, amount: { currency: "JPY", minorUnits: 100_000n }, source: { bankCode: "0001" }, idempotencyKey: `bench-fund-${index}`, paymentId: `pay_bench_fund_${index}` });
    senders[index] = { person, session, walletId: wallet!.walletId, payeeHandle: "", budget: DAILY_TRANSFERS - 1 };
  };
  await inBatches(count, parallel, make);

  const payment = platform.client(PaymentServiceService, "payment");
  const firstTransfer = async (sender: Sender, index: number) => {
    sender.payeeHandle = senders[(index + 1) % count]!.person.handle;
    const request = { payeeHandle: sender.payeeHandle, payeePhone: "", amount: { currency: "JPY", minorUnits: 1n }, idempotencyKey: `bench-first-${index}` };
    const challenged = await payment.transfer(request, { accessToken: sender.session.accessToken }).then(() => undefined, (error: unknown) => error);
    if (!(challenged instanceof RemoteError) || challenged.reason !== "STEP_UP_REQUIRED") throw new Error(`expected a step-up for a first payee, got ${String(challenged)}`);
    const challengeId = challenged.facts["challenge_id"] ?? "";
    await users.identity.startStepUp({ challengeId }, { accessToken: sender.session.accessToken });
    const { stepUpProof } = await users.identity.completeStepUp({ challengeId, code: await users.latestCode("sms", sender.person.phone) }, { accessToken: sender.session.accessToken });
    const { payment: first } = await payment.transfer(request, { accessToken: sender.session.accessToken, stepUpProof });
    if (first?.state !== PaymentState.PAYMENT_STATE_COMPLETED) throw new Error(`a first transfer ended ${first?.state} ${first?.failureReason}`);
  };
  await inBatches(count, parallel, (index) => firstTransfer(senders[index]!, index));
  return senders;
}

/**
 * Fresh AAL2 sessions (access tokens live five minutes). Each sender signs in from an address
 * of its own: identity counts a burst of concurrent logins from one address as failures until
 * they succeed, and would throttle it.
 */
export async function signInAgain(platform: TestPlatform, senders: Sender[]): Promise<void> {
  const users = await Users.on(platform);
  // In batches, for the reason inBatches gives: identity hashes two passwords at a time.
  await inBatches(senders.length, SIGN_INS_AT_ONCE, async (index) => {
    const sender = senders[index]!;
    sender.session = await users.secondFactor(sender.person, await users.login(sender.person, `198.51.100.${index % 250}`));
  });
}
