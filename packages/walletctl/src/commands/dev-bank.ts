import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { SandboxBankAdminServiceService } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { createClient, RemoteError } from "@wallet/service-kit";
import { type Command } from "commander";
import { transportCredentials } from "../clients";
import { type CommandContext, runCommand } from "../context";
import { CliError } from "../errors";
import { operatorKeyFile } from "./operator-key";

/**
 * The sandbox bank's staff side, for trying walletctl against `npm run up`: open an account to
 * link, and read what the bank "sent" to its customer's phone (its own one-time codes).
 */
export function registerDevBank(dev: Command): void {
  dev
    .command("bank-account")
    .description("open an account at the sandbox bank (opens the bank, branch 001, if needed)")
    .requiredOption("--holder-kana <name>", "holder name in kana, family first (ヤマダ タロウ)")
    .requiredOption("--holder-latin <name>", "holder name in latin, family first (YAMADA TARO)")
    .requiredOption("--phone <phone>", "the phone the bank sends its codes to")
    .requiredOption("--pin <pin>", "four-digit PIN")
    .option("--bank-code <code>", "bank code", "0005")
    .option("--account-number <number>", "account number (default: a new one)")
    .option("--balance <yen>", "opening balance", "100000")
    .action((options: { holderKana: string; holderLatin: string; phone: string; pin: string; bankCode: string; accountNumber?: string; balance: string }, command: Command) => runCommand(command, async (context) => {
      if (!/^\d{1,15}$/.test(options.balance)) throw CliError.field("opening_balance", "must be a whole number of yen");
      const { client, headers } = sandboxAdmin(context);
      try {
        await client.openBank({ bankCode: options.bankCode, name: `Sandbox Bank ${options.bankCode}`, branches: [{ branchCode: "001", name: "Head Office" }] }, { headers });
      } catch (error) {
        if (!(error instanceof RemoteError && error.kind === "already_exists")) throw error;
      }
      const accountNumber = options.accountNumber ?? String(randomInt(1_000_000, 10_000_000));
      await client.openAccount({
        bankCode: options.bankCode, branchCode: "001", accountNumber, holderNameKana: options.holderKana, holderNameLatin: options.holderLatin,
        openingBalance: { currency: "JPY", minorUnits: BigInt(options.balance) }, pin: options.pin, registeredPhone: options.phone,
      }, { headers });
      client.close();
      context.output.result(`account ${options.bankCode}-001-${accountNumber} opened`, { bankCode: options.bankCode, branchCode: "001", accountNumber });
    }));

  dev
    .command("bank-outbox")
    .description("what the sandbox bank sent to a phone, newest first")
    .requiredOption("--phone <phone>", "the phone registered at the bank")
    .option("--code", "print only the newest link code")
    .action((options: { phone: string; code?: boolean }, command: Command) => runCommand(command, async (context) => {
      const { client, headers } = sandboxAdmin(context);
      const { messages } = await client.listOutboxMessages({ phone: options.phone, limit: 20 }, { headers });
      client.close();
      if (options.code) {
        const code = /\b(\d{6})\b/.exec(messages.find((message) => message.template === "bank_link_attempt")?.body ?? "")?.[1];
        if (!code) throw new CliError("NOT_FOUND: no link code in the bank's outbox for this phone", 1, "NOT_FOUND");
        context.output.result(code, { code });
        return;
      }
      context.output.result(messages.length > 0 ? messages.map((message) => `${message.template}\n  ${message.body}`) : ["no messages"], { messages: messages.map(({ template, body }) => ({ template, body })) });
    }));
}

/** The sandbox bank's staff token: WALLETCTL_SANDBOX_ADMIN_TOKEN, or the dev secrets file's. */
function sandboxAdmin(context: CommandContext) {
  let token = process.env["WALLETCTL_SANDBOX_ADMIN_TOKEN"];
  if (!token) {
    const file = operatorKeyFile(context.options);
    try {
      token = (JSON.parse(readFileSync(file, "utf8")) as { sandboxAdminToken?: string }).sandboxAdminToken;
    } catch {
      token = undefined;
    }
    if (!token) throw new CliError(`no sandbox admin token: set WALLETCTL_SANDBOX_ADMIN_TOKEN or point --operator-key-file at the dev secrets file (${file})`);
  }
  const client = createClient(SandboxBankAdminServiceService, {
    address: context.addresses["sandbox-bank"], audience: "sandbox-bank", credentials: transportCredentials(), defaultDeadlineMs: context.deadlineMs,
  });
  return { client, headers: { "x-sandbox-admin-token": token } };
}
