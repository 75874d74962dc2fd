import { GetBalanceResponse, StatementLine } from "@wallet/contracts/wallet/account/v1/account_service";
import { type Command } from "commander";
import { type CommandContext, runCommand } from "../context";
import { money, when } from "../format";

/** The wallet: open it, its balance, its statement (history). */
export function registerWallet(program: Command): void {
  program
    .command("wallet")
    .description("open your wallet in a currency")
    .command("open")
    .option("--currency <code>", "ISO 4217 currency", "JPY")
    .action((options: { currency: string }, command: Command) => runCommand(command, async (context) => {
      const { wallet } = await context.clients.account.openWallet({ currency: options.currency }, await context.asUser());
      context.output.result(`wallet ${wallet!.walletId} (${wallet!.currency})`, { walletId: wallet!.walletId, currency: wallet!.currency });
    }));

  program
    .command("balance")
    .description("your wallet's balance, holds and limits")
    .option("--currency <code>", "ISO 4217 currency", "JPY")
    .action((options: { currency: string }, command: Command) => runCommand(command, async (context) => {
      const walletId = await walletOf(context, options.currency);
      const balance = await context.clients.account.getBalance({ walletId }, await context.asUser());
      context.output.result(
        [`balance ${money(balance.balance)}, available ${money(balance.available)}, held ${money(balance.held)}${balance.frozen ? " (FROZEN)" : ""}`,
          `outflow left today ${money(balance.limits?.outflowLeftToday)}, max balance ${money(balance.limits?.maxBalance)}`],
        { walletId, ...(GetBalanceResponse.toJSON(balance) as object) },
      );
    }));

  program
    .command("history")
    .description("your wallet's statement, newest first")
    .option("--currency <code>", "ISO 4217 currency", "JPY")
    .option("--limit <n>", "how many lines", "20")
    .action((options: { currency: string; limit: string }, command: Command) => runCommand(command, async (context) => {
      const walletId = await walletOf(context, options.currency);
      const { lines } = await context.clients.account.listStatement({ walletId, pageSize: Number(options.limit), pageToken: "" }, await context.asUser());
      context.output.result(
        lines.length > 0 ? lines.map((line) => `${when(line.at)}  ${line.kind.padEnd(16)} ${money(line.amount).padStart(16)}  balance ${money(line.balanceAfter)}${line.paymentId ? `  ${line.paymentId}` : ""}`) : ["no movements yet"],
        { walletId, lines: lines.map((line) => StatementLine.toJSON(line)) },
      );
    }));
}

export async function walletOf(context: CommandContext, currency: string): Promise<string> {
  const { wallet } = await context.clients.account.getWallet({ currency }, await context.asUser());
  return wallet!.walletId;
}
