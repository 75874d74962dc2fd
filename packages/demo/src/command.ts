import { Command, Option } from "commander";
import { DEFAULT_ADDRESSES, type DemoAddresses } from "./clients";
import { TextReporter } from "./report/text-reporter";
import { runDemo, SILENT_REPORTER } from "./run-demo";
import { SCENARIOS } from "./scenarios";
import { readSecretsFile } from "./secrets-file";

interface DemoFlags {
  identity: string;
  sandboxBank: string;
  account: string;
  bankLink: string;
  payment: string;
  secretsFile: string;
  json: boolean;
  only?: string[];
}

/** Exit code when the demo could not run at all (no secrets, bad flags): not a verdict. */
const EXIT_NOT_RUN = 2;

/**
 * The `demo` command: plays every scenario against a running platform and exits 1 when the
 * honest journey failed, an attack moved money or an expected layer did not hold. `walletctl`
 * mounts it as `walletctl demo`; the `wallet-demo` bin runs it alone.
 */
export function demoCommand(): Command {
  return new Command("demo")
    .description("play the honest user's journey and every variant of the 2020 bank-link attack against a running platform")
    .option("--identity <address>", "identity service", DEFAULT_ADDRESSES.identity)
    .option("--sandbox-bank <address>", "sandbox bank", DEFAULT_ADDRESSES.sandboxBank)
    .option("--account <address>", "account service", DEFAULT_ADDRESSES.account)
    .option("--bank-link <address>", "bank-link service", DEFAULT_ADDRESSES.bankLink)
    .option("--payment <address>", "payment service", DEFAULT_ADDRESSES.payment)
    .option("--secrets-file <path>", "the secrets `npm run up` wrote (operator key, sandbox admin token)", ".local/dev-secrets.json")
    .option("--json", "print the structured result as JSON instead of the text report", false)
    .addOption(new Option("--only <scenario...>", "play only these scenarios").choices(SCENARIOS.map((scenario) => scenario.id)))
    .action(async (flags: DemoFlags, command: Command) => {
      // Mounted as `walletctl demo`, the parent program owns --json and may have taken it.
      const json = flags.json || Boolean(command.parent?.opts<{ json?: boolean }>().json);
      let credentials;
      try {
        credentials = readSecretsFile(flags.secretsFile);
      } catch (error) {
        process.stderr.write(`demo: ${(error as Error).message}\n`);
        process.exitCode = EXIT_NOT_RUN;
        return;
      }
      const addresses: DemoAddresses = { identity: flags.identity, sandboxBank: flags.sandboxBank, account: flags.account, bankLink: flags.bankLink, payment: flags.payment };
      const text = new TextReporter((chunk) => process.stdout.write(chunk));
      const result = await runDemo({ addresses, ...credentials, ...(flags.only ? { only: flags.only } : {}) }, json ? SILENT_REPORTER : text);
      if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else text.summary(result);
      process.exitCode = result.passed ? 0 : 1;
    });
}
