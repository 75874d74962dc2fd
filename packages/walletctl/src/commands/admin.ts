import { Discrepancy } from "@wallet/contracts/wallet/account/v1/account_service";
import { SecurityEvent } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { InspectPaymentResponse, Payment as PaymentMessage, PaymentState, ReviewDecision } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type Command } from "commander";
import { runCommand } from "../context";
import { CliError } from "../errors";
import { money, parseAmount, when } from "../format";
import { idempotencyKeyOr } from "../idempotency";
import { describePayment } from "./payments";

/** Operator commands (signed with the operator key): the ledger audit, security events, account unlocks, any payment. */
export function registerAdmin(program: Command): void {
  const admin = program.command("admin").description("operator commands: need --operator-key-file");
  admin
    .command("audit")
    .description("run the ledger audit: balances against entries, chains, the ledger summing to zero")
    .action((_options: unknown, command: Command) => runCommand(command, async (context) => {
      const operator = await context.operator();
      const audit = await context.output.progress("auditing the ledger", operator.account.runAudit({}));
      context.output.result(
        [`checked ${audit.walletsChecked} wallets, ${audit.entriesChecked} entries, ${audit.postingsChecked} postings`,
          `ledger totals: ${audit.ledgerTotals.map(money).join(", ") || "-"}`,
          audit.discrepancies.length === 0 ? "no discrepancies" : `${audit.discrepancies.length} discrepancies:`,
          ...audit.discrepancies.map((found) => `  ${found.kind} ${found.accountId} ${found.detail}`)],
        {
          walletsChecked: audit.walletsChecked, entriesChecked: audit.entriesChecked, postingsChecked: audit.postingsChecked,
          discrepancies: audit.discrepancies.map((found) => Discrepancy.toJSON(found)), ledgerTotals: audit.ledgerTotals, completedAt: audit.completedAt?.toISOString(),
        },
      );
      if (audit.discrepancies.length > 0) process.exitCode = 1;
    }));
  admin
    .command("security-events")
    .description("security events (failed logins, gate denials, ...), newest first")
    .option("--user <userId>", "one user's events")
    .option("--type <type>", "one type, for example GATE_DENIED")
    .option("--limit <n>", "how many", "50")
    .action((options: { user?: string; type?: string; limit: string }, command: Command) => runCommand(command, async (context) => {
      const operator = await context.operator();
      const { events } = await operator.identity.listSecurityEvents({ userId: options.user ?? "", type: options.type ?? "", pageSize: Number(options.limit), pageToken: "", from: undefined, to: undefined });
      context.output.result(
        events.length > 0 ? events.map((event) => `${when(event.at)}  ${event.type.padEnd(24)} ${(event.reason || "-").padEnd(22)} user ${event.userId || "-"}  trace ${event.traceId || "-"}`) : ["no security events"],
        { events: events.map((event) => SecurityEvent.toJSON(event)) },
      );
    }));
  admin
    .command("unlock <userId>")
    .description("lift the lock too many failed logins or second factors put on an account, once the holder is confirmed; ends every session of the user")
    .requiredOption("--ticket <case>", "the support case that confirmed the holder (letters, digits, - and _; no personal data)")
    .option("--idempotency-key <key>", "retry-safe key: a retry replays the first answer (default: a new one)")
    .action((userId: string, options: { ticket: string; idempotencyKey?: string }, command: Command) => runCommand(command, async (context) => {
      const operator = await context.operator();
      const unlocked = await context.output.progress("unlocking", operator.identity.unlockAccount({ userId, ticket: options.ticket, idempotencyKey: idempotencyKeyOr(options.idempotencyKey) }));
      context.output.result(
        [unlocked.wasLocked ? `unlocked ${userId}` : `${userId} was not locked; its failures are forgotten`, `sessions revoked: ${unlocked.sessionsRevoked}`],
        { userId, wasLocked: unlocked.wasLocked, sessionsRevoked: unlocked.sessionsRevoked },
      );
    }));
  admin
    .command("payment <paymentId>")
    .description("any payment, with its owner (for SREs and the fraud team)")
    .action((paymentId: string, _options: unknown, command: Command) => runCommand(command, async (context) => {
      const operator = await context.operator();
      const answer = await operator.payment.inspectPayment({ paymentId });
      context.output.result([...describePayment(answer.payment!), `owner   ${answer.ownerId}`], InspectPaymentResponse.toJSON(answer));
    }));
  admin
    .command("review <paymentId>")
    .description("the fraud team's decision on a payment held for review: --approve or --reject")
    .option("--approve", "let the payment go ahead")
    .option("--reject", "fail the payment; no money moves")
    .option("--note <text>", "why (kept with the payment's steps)", "")
    .action((paymentId: string, options: { approve?: boolean; reject?: boolean; note: string }, command: Command) => runCommand(command, async (context) => {
      if (Boolean(options.approve) === Boolean(options.reject)) throw CliError.field("decision", "give exactly one of --approve and --reject");
      const operator = await context.operator();
      const decision = options.approve ? ReviewDecision.REVIEW_DECISION_APPROVE : ReviewDecision.REVIEW_DECISION_REJECT;
      const { payment } = await context.output.progress("recording the decision", operator.payment.reviewPayment({ paymentId, decision, note: options.note }));
      context.output.result(describePayment(payment!), { payment: PaymentMessage.toJSON(payment!) });
    }));
  admin
    .command("refund <paymentId>")
    .description("refund all or part of a merchant payment to the payer's wallet")
    .requiredOption("--amount <minorUnits>", "amount in minor units (yen for JPY)")
    .option("--currency <code>", "ISO 4217 currency", "JPY")
    .requiredOption("--reason <text>", "why (kept with the refund)")
    .option("--idempotency-key <key>", "retry-safe key: the same key never refunds twice (default: a new one)")
    .action((paymentId: string, options: { amount: string; currency: string; reason: string; idempotencyKey?: string }, command: Command) => runCommand(command, async (context) => {
      const operator = await context.operator();
      const amount = parseAmount(options.amount, options.currency);
      const { payment } = await context.output.progress("refunding", operator.payment.refund({ paymentId, amount, reason: options.reason, idempotencyKey: idempotencyKeyOr(options.idempotencyKey) }));
      context.output.result(describePayment(payment!), { payment: PaymentMessage.toJSON(payment!) });
      // A refund beyond what is left fails as a payment (REFUND_EXCEEDS_PAYMENT), not as a call.
      if (payment!.state === PaymentState.PAYMENT_STATE_FAILED) process.exitCode = 1;
    }));
}
