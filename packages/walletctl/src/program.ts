import { Command, type CommanderError } from "commander";
import { addressFlag, addressVariable, DEFAULT_ADDRESSES, PLATFORM_SERVICES } from "./addresses";
import { registerAdmin } from "./commands/admin";
import { registerBank } from "./commands/bank";
import { registerDev } from "./commands/dev";
import { registerPayments } from "./commands/payments";
import { registerProfile } from "./commands/profile";
import { registerProofing } from "./commands/proofing";
import { registerSession } from "./commands/session";
import { registerSignUp } from "./commands/signup";
import { registerStepUp } from "./commands/step-up";
import { registerTotp } from "./commands/totp";
import { registerTrace } from "./commands/trace";
import { registerWallet } from "./commands/wallet";
import { EXIT_USAGE } from "./errors";

/** Help and version are successes; anything else commander rejects is a usage error. */
function exitOnUsageError(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? 0 : EXIT_USAGE);
}

/**
 * The walletctl program. Further command groups (the demo, for one) are added in one place:
 * pass them as `extraCommands`, each a commander Command that can use CommandContext.
 */
export function buildProgram(extraCommands: Command[] = []): Command {
  const program = new Command("walletctl")
    .description("command-line client of the wallet platform")
    .option("--json", "machine-readable output: one JSON document on stdout")
    .option("--profile <file>", "profile file (default $WALLETCTL_PROFILE or ~/.config/walletctl/profile.json)")
    .option("--deadline <ms>", "deadline of every gRPC call (default 15000 or $WALLETCTL_DEADLINE_MS)")
    .option("--operator-key-file <file>", "operator key for admin and dev commands (default $WALLETCTL_OPERATOR_KEY_FILE or ./.local/dev-secrets.json)")
    .exitOverride(exitOnUsageError)
    .showHelpAfterError();
  for (const service of PLATFORM_SERVICES) {
    program.option(`${addressFlag(service)} <host:port>`, `${service} address (default $${addressVariable(service)} or ${DEFAULT_ADDRESSES[service]})`);
  }
  for (const register of [registerSignUp, registerSession, registerProofing, registerTotp, registerStepUp, registerBank, registerWallet, registerPayments, registerTrace, registerAdmin, registerDev, registerProfile]) {
    register(program);
  }
  // addCommand does not pass the parent's settings on, so added commands get the same exit rule.
  for (const command of extraCommands) program.addCommand(command.exitOverride(exitOnUsageError));
  return program;
}
