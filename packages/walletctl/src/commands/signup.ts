import { ConfirmSignUpContactResponse, ContactChannel, StartSignUpResponse } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type Command } from "commander";
import { runCommand } from "../context";
import { CliError } from "../errors";

/** sign-up: start with email, phone and password; confirm each contact with its code. */
export function registerSignUp(program: Command): void {
  program
    .command("signup")
    .description("start a sign-up: one-time codes go to the email and the phone")
    .requiredOption("--email <email>", "email address")
    .requiredOption("--phone <phone>", "phone number in E.164, for example +819012345678")
    .option("--password <password>", "password (or WALLETCTL_PASSWORD, which keeps it out of the process list)")
    .option("--handle <handle>", "public handle payers can find you by")
    .action((options: { email: string; phone: string; password?: string; handle?: string }, command: Command) => runCommand(command, async (context) => {
      const password = options.password ?? process.env["WALLETCTL_PASSWORD"] ?? "";
      const answer = await context.clients.identity.startSignUp({ email: options.email, phone: options.phone, password, handle: options.handle ?? "" });
      context.profile.update((data) => {
        data.signUpId = answer.signUpId;
      });
      context.output.result(
        [`sign-up ${answer.signUpId} started; codes were sent to the email and the phone`, "next: walletctl confirm email --code <code>, then walletctl confirm phone --code <code>"],
        StartSignUpResponse.toJSON(answer),
      );
    }));

  program
    .command("confirm <channel>")
    .description("confirm the sign-up's email or phone with the code sent to it (channel: email | phone)")
    .requiredOption("--code <code>", "the one-time code")
    .option("--sign-up-id <id>", "the sign-up (default: the last one started here)")
    .action((channel: string, options: { code: string; signUpId?: string }, command: Command) => runCommand(command, async (context) => {
      const contact = channel === "email" ? ContactChannel.CONTACT_CHANNEL_EMAIL : channel === "phone" ? ContactChannel.CONTACT_CHANNEL_PHONE : undefined;
      if (contact === undefined) throw CliError.field("channel", "must be email or phone");
      const signUpId = options.signUpId ?? context.profile.data.signUpId ?? "";
      const answer = await context.clients.identity.confirmSignUpContact({ signUpId, channel: contact, code: options.code });
      context.output.result(
        [`email confirmed: ${answer.emailConfirmed ? "yes" : "no"}, phone confirmed: ${answer.phoneConfirmed ? "yes" : "no"}${answer.userId ? `, user ${answer.userId}` : ""}`],
        ConfirmSignUpContactResponse.toJSON(answer),
      );
    }));
}
