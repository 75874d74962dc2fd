import { ContactChannel, OutboxMessage } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type Command } from "commander";
import { runCommand } from "../context";
import { CliError } from "../errors";
import { when } from "../format";
import { registerDevBank } from "./dev-bank";

/** Development helpers: what the dev sender "sent" (where a user would read their phone or mail). */
export function registerDev(program: Command): void {
  const dev = program.command("dev").description("development-only helpers (the dev secrets file needed)");
  registerDevBank(dev);
  dev
    .command("outbox")
    .description("messages the development sender wrote to an email address or phone, newest first")
    .option("--email <email>", "the email address")
    .option("--phone <phone>", "the phone number")
    .option("--limit <n>", "how many", "5")
    .option("--code", "print only the newest one-time code")
    .action((options: { email?: string; phone?: string; limit: string; code?: boolean }, command: Command) => runCommand(command, async (context) => {
      if (!options.email === !options.phone) throw CliError.field("recipient", "give exactly one of --email or --phone");
      const operator = await context.operator();
      const { messages } = await operator.identity.listOutboxMessages({
        channel: options.email ? ContactChannel.CONTACT_CHANNEL_EMAIL : ContactChannel.CONTACT_CHANNEL_PHONE,
        recipient: options.email ?? options.phone ?? "",
        limit: options.code ? 1 : Number(options.limit),
      });
      if (options.code) {
        const code = /\b(\d{6})\b/.exec(messages[0]?.body ?? "")?.[1];
        if (!code) throw new CliError("NOT_FOUND: no one-time code in the outbox for this recipient", 1, "NOT_FOUND");
        context.output.result(code, { code });
        return;
      }
      context.output.result(
        messages.length > 0 ? messages.map((message) => `${when(message.createdAt)}  ${message.template}\n  ${message.body}`) : ["no messages"],
        { messages: messages.map((message) => OutboxMessage.toJSON(message)) },
      );
    }));
}
