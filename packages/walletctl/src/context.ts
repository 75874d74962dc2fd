import { existsSync } from "node:fs";
import { type CallOptions } from "@wallet/service-kit";
import { type Command } from "commander";
import { type Addresses, PLATFORM_SERVICES, type PlatformService, resolveAddresses } from "./addresses";
import { operatorKeyFile } from "./commands/operator-key";
import { createWalletClients, loadOperatorIdentity, type WalletClients } from "./clients";
import { CliError } from "./errors";
import { Output } from "./output";
import { defaultProfilePath, Profile } from "./profile";
import { accessToken } from "./session";

/** The options every command accepts (see program.ts). */
export interface GlobalOptions {
  json?: boolean;
  profile?: string;
  deadline?: string;
  operatorKeyFile?: string;
  identityAddress?: string;
  sandboxBankAddress?: string;
  accountAddress?: string;
  bankLinkAddress?: string;
  paymentAddress?: string;
}

/** What a command runs with: output, profile, addresses and (lazily) clients. */
export class CommandContext {
  private userClients: WalletClients | undefined;
  private operatorClients: WalletClients | undefined;

  private constructor(readonly options: GlobalOptions, readonly output: Output, readonly profile: Profile, readonly addresses: Addresses, readonly deadlineMs: number) {}

  static from(command: Command): CommandContext {
    const options = command.optsWithGlobals<GlobalOptions>();
    const output = new Output(options.json === true);
    const profile = Profile.load(options.profile ?? defaultProfilePath());
    const flags: Partial<Record<PlatformService, string | undefined>> = {
      identity: options.identityAddress,
      "sandbox-bank": options.sandboxBankAddress,
      account: options.accountAddress,
      "bank-link": options.bankLinkAddress,
      payment: options.paymentAddress,
    };
    const deadlineMs = Number(options.deadline ?? process.env["WALLETCTL_DEADLINE_MS"] ?? 15_000);
    if (!Number.isInteger(deadlineMs) || deadlineMs <= 0) throw CliError.field("--deadline", "must be a positive number of milliseconds");
    return new CommandContext(options, output, profile, resolveAddresses(flags, process.env, profile.data.addresses), deadlineMs);
  }

  get clients(): WalletClients {
    this.userClients ??= createWalletClients({ addresses: this.addresses, deadlineMs: this.deadlineMs });
    return this.userClients;
  }

  /** Call options carrying the saved session's access token (refreshed if it expired). */
  async asUser(extra: CallOptions = {}): Promise<CallOptions> {
    return { ...extra, accessToken: await accessToken(this.profile, this.clients) };
  }

  /** Clients that call as the operator tool, with the key from --operator-key-file. */
  async operator(): Promise<WalletClients> {
    if (this.operatorClients) return this.operatorClients;
    const file = operatorKeyFile(this.options);
    if (!existsSync(file)) throw new CliError(`no operator key at ${file}: pass --operator-key-file (or set WALLETCTL_OPERATOR_KEY_FILE) to the .local/dev-secrets.json that \`npm run up\` wrote`);
    this.operatorClients = createWalletClients({ addresses: this.addresses, deadlineMs: this.deadlineMs, operator: await loadOperatorIdentity(file) });
    return this.operatorClients;
  }

  close(): void {
    this.userClients?.close();
    this.operatorClients?.close();
  }
}

/** Runs a command's body, reporting any failure and setting the exit code. */
export async function runCommand(command: Command, body: (context: CommandContext) => Promise<void>): Promise<void> {
  let context: CommandContext | undefined;
  try {
    context = CommandContext.from(command);
    await body(context);
  } catch (error) {
    process.exitCode = (context?.output ?? new Output(command.optsWithGlobals<GlobalOptions>().json === true)).failure(error);
  } finally {
    context?.close();
  }
}

export { PLATFORM_SERVICES };
