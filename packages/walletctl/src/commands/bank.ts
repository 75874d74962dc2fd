import { BankAuthenticationMethod, Link, LinkState } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { type Command } from "commander";
import { runCommand } from "../context";
import { enumName } from "../format";
import { idempotencyKeyOr } from "../idempotency";

/** Bank links: start (the bank sends its own code to the phone it knows), confirm, list, unlink. */
export function registerBank(program: Command): void {
  const bank = program.command("bank").description("bank accounts linked to the wallet");
  bank
    .command("link")
    .description("start linking a bank account; the bank sends a one-time code to the phone it has on file")
    .requiredOption("--bank-code <code>", "four-digit bank code")
    .requiredOption("--branch-code <code>", "three-digit branch code")
    .requiredOption("--account-number <number>", "account number")
    .option("--idempotency-key <key>", "retry-safe key (default: a new one)")
    .action((options: { bankCode: string; branchCode: string; accountNumber: string; idempotencyKey?: string }, command: Command) => runCommand(command, async (context) => {
      const answer = await context.clients.bankLink.startLink({
        bankCode: options.bankCode, branchCode: options.branchCode, accountNumber: options.accountNumber,
        idempotencyKey: idempotencyKeyOr(options.idempotencyKey, "link"),
      }, await context.asUser());
      const link = answer.link!;
      const method = enumName(BankAuthenticationMethod, answer.bankAuthenticationMethod, "BANK_AUTHENTICATION_METHOD_");
      context.output.result(
        [describe(link), `the bank asks for: ${method.toLowerCase().replace(/_/g, " ")}`, `next: walletctl bank confirm ${link.linkId} --pin <pin> --code <the bank's code>`],
        { link: Link.toJSON(link), bankAuthenticationMethod: method, bankAuthenticationExpiresAt: answer.bankAuthenticationExpiresAt?.toISOString() },
      );
    }));
  bank
    .command("confirm <linkId>")
    .description("confirm a link with the bank PIN and the code the bank sent")
    .option("--pin <pin>", "the account's bank PIN, sent to the bank and never stored (or WALLETCTL_BANK_PIN, which keeps it out of the process list)")
    .option("--code <code>", "the bank's one-time code (omit for PIN-only banks)")
    .action((linkId: string, options: { pin?: string; code?: string }, command: Command) => runCommand(command, async (context) => {
      const pin = options.pin ?? process.env["WALLETCTL_BANK_PIN"] ?? "";
      const { link } = await context.clients.bankLink.confirmLink({ linkId, pin, oneTimeCode: options.code ?? "" }, await context.asUser());
      context.output.result(describe(link!), { link: Link.toJSON(link!) });
    }));
  bank
    .command("list")
    .description("your bank links")
    .action((_options: unknown, command: Command) => runCommand(command, async (context) => {
      const { links } = await context.clients.bankLink.listLinks({}, await context.asUser());
      context.output.result(links.length > 0 ? links.map(describe) : ["no bank links"], { links: links.map((link) => Link.toJSON(link)) });
    }));
  bank
    .command("unlink <linkId>")
    .description("end a link (the bank's consent is revoked)")
    .action((linkId: string, _options: unknown, command: Command) => runCommand(command, async (context) => {
      const { link } = await context.clients.bankLink.unlink({ linkId }, await context.asUser());
      context.output.result(describe(link!), { link: Link.toJSON(link!) });
    }));
}

function describe(link: Link): string {
  return `link ${link.linkId}: ${enumName(LinkState, link.state, "LINK_STATE_")}, bank ${link.bankCode} branch ${link.branchCode} account ****${link.accountLast4}`;
}
