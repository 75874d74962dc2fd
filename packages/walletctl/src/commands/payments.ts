import { type Payment, Payment as PaymentMessage, PaymentKind, PaymentState, RiskDecision } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { RemoteError } from "@wallet/service-kit";
import { type Command } from "commander";
import { type CommandContext, runCommand } from "../context";
import { enumName, money, parseAmount, when } from "../format";
import { idempotencyKeyOr } from "../idempotency";

interface MoneyOptions { amount: string; currency: string; idempotencyKey?: string; wait: boolean }

const TERMINAL = new Set([PaymentState.PAYMENT_STATE_COMPLETED, PaymentState.PAYMENT_STATE_FAILED, PaymentState.PAYMENT_STATE_COMPENSATED, PaymentState.PAYMENT_STATE_HELD_FOR_REVIEW]);

/** Money flows (top-up, transfer, pay, withdraw) and reading payments back. */
export function registerPayments(program: Command): void {
  moneyCommand(program.command("topup"), "bank to wallet through an active link")
    .requiredOption("--link <linkId>", "the bank link")
    .action((options: MoneyOptions & { link: string }, command: Command) => runCommand(command, (context) =>
      pay(context, options, async (amount, key, callOptions) => (await context.clients.payment.topUp({ linkId: options.link, amount, idempotencyKey: key }, callOptions)).payment)));

  moneyCommand(program.command("transfer"), "wallet to wallet; the payee by handle or phone")
    .option("--to <handle>", "the payee's handle")
    .option("--to-phone <phone>", "the payee's confirmed phone number")
    .action((options: MoneyOptions & { to?: string; toPhone?: string }, command: Command) => runCommand(command, (context) =>
      pay(context, options, async (amount, key, callOptions) => (await context.clients.payment.transfer({ payeeHandle: options.to ?? "", payeePhone: options.toPhone ?? "", amount, idempotencyKey: key }, callOptions)).payment)));

  moneyCommand(program.command("pay"), "wallet to a merchant")
    .requiredOption("--merchant <merchantId>", "the merchant")
    .option("--order <reference>", "the merchant's order reference", "")
    .action((options: MoneyOptions & { merchant: string; order: string }, command: Command) => runCommand(command, (context) =>
      pay(context, options, async (amount, key, callOptions) => (await context.clients.payment.pay({ merchantId: options.merchant, orderReference: options.order, amount, idempotencyKey: key }, callOptions)).payment)));

  moneyCommand(program.command("withdraw"), "wallet to a linked bank account")
    .requiredOption("--link <linkId>", "the bank link")
    .action((options: MoneyOptions & { link: string }, command: Command) => runCommand(command, (context) =>
      pay(context, options, async (amount, key, callOptions) => (await context.clients.payment.withdraw({ linkId: options.link, amount, idempotencyKey: key }, callOptions)).payment)));

  const payment = program.command("payment").description("your payments");
  payment
    .command("show <paymentId>")
    .description("one payment: state, steps, risk decision, trace id")
    .action((paymentId: string, _options: unknown, command: Command) => runCommand(command, async (context) => {
      const { payment: found } = await context.clients.payment.getPayment({ paymentId }, await context.asUser());
      context.output.result(describePayment(found!), { payment: PaymentMessage.toJSON(found!) });
    }));
  payment
    .command("list")
    .description("your payments, newest first")
    .option("--limit <n>", "how many", "20")
    .action((options: { limit: string }, command: Command) => runCommand(command, async (context) => {
      const { payments } = await context.clients.payment.listPayments({ pageSize: Number(options.limit), pageToken: "" }, await context.asUser());
      context.output.result(payments.length > 0 ? payments.map(summary) : ["no payments yet"], { payments: payments.map((one) => PaymentMessage.toJSON(one)) });
    }));
}

function moneyCommand(command: Command, description: string): Command {
  return command
    .description(description)
    .requiredOption("--amount <minorUnits>", "amount in minor units (yen for JPY)")
    .option("--currency <code>", "ISO 4217 currency", "JPY")
    .option("--idempotency-key <key>", "retry-safe key: the same key never pays twice (default: a new one)")
    .option("--no-wait", "do not wait for the payment to finish");
}

type Submit = (amount: ReturnType<typeof parseAmount>, idempotencyKey: string, callOptions: Awaited<ReturnType<CommandContext["asUser"]>>) => Promise<Payment | undefined>;

/**
 * Submits a payment with the step-up proof kept by `walletctl step-up` (if any, used once); a
 * STEP_UP_REQUIRED refusal leaves its challenge in the profile for `walletctl step-up`.
 */
async function pay(context: CommandContext, options: MoneyOptions, submit: Submit): Promise<void> {
  const amount = parseAmount(options.amount, options.currency);
  const saved = context.profile.data.stepUpProof;
  const proof = saved && Date.parse(saved.expiresAt) > Date.now() ? saved.proof : undefined;
  let payment: Payment;
  try {
    payment = (await context.output.progress("submitting", submit(amount, idempotencyKeyOr(options.idempotencyKey), await context.asUser(proof ? { stepUpProof: proof } : {}))))!;
  } catch (error) {
    const challengeId = error instanceof RemoteError && error.reason === "STEP_UP_REQUIRED" ? error.facts["challenge_id"] : undefined;
    if (challengeId) context.profile.update((data) => {
      data.stepUpChallengeId = challengeId;
    });
    throw error;
  }
  if (proof) context.profile.update((data) => {
    delete data.stepUpProof;
  });
  if (options.wait && !TERMINAL.has(payment.state)) payment = await context.output.progress("waiting for the payment to finish", waitForEnd(context, payment));
  context.output.result(describePayment(payment), { payment: PaymentMessage.toJSON(payment) });
  if (payment.state === PaymentState.PAYMENT_STATE_FAILED || payment.state === PaymentState.PAYMENT_STATE_COMPENSATED) process.exitCode = 1;
}

async function waitForEnd(context: CommandContext, payment: Payment, timeoutMs = 60_000): Promise<Payment> {
  const deadline = Date.now() + timeoutMs;
  let current = payment;
  while (!TERMINAL.has(current.state) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    current = (await context.clients.payment.getPayment({ paymentId: payment.paymentId }, await context.asUser())).payment ?? current;
  }
  return current;
}

function summary(payment: Payment): string {
  return `${payment.paymentId}  ${enumName(PaymentKind, payment.kind, "PAYMENT_KIND_").padEnd(8)} ${enumName(PaymentState, payment.state, "PAYMENT_STATE_").padEnd(16)} ${money(payment.amount)}  ${when(payment.createdAt)}`;
}

export function describePayment(payment: Payment): string[] {
  const risk = payment.risk;
  return [
    `payment ${payment.paymentId}: ${enumName(PaymentKind, payment.kind, "PAYMENT_KIND_")} ${money(payment.amount)}`,
    `state   ${enumName(PaymentState, payment.state, "PAYMENT_STATE_")}${payment.failureReason ? ` (${payment.failureReason})` : ""}`,
    `risk    ${risk ? `${enumName(RiskDecision, risk.decision, "RISK_DECISION_")}${risk.reasons.length > 0 ? ` [${risk.reasons.join(", ")}]` : ""}${risk.stepUpVerified ? " (step-up verified)" : ""}` : "-"}`,
    `trace   ${payment.traceId || "-"}`,
    "steps:",
    ...payment.steps.map((step) => `  ${when(step.at)}  ${step.name}${Object.keys(step.facts).length > 0 ? `  ${Object.entries(step.facts).map(([key, value]) => `${key}=${value}`).join(" ")}` : ""}`),
  ];
}
