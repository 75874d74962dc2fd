import { GetProfileResponse, SecondFactor } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type Command } from "commander";
import { type WalletClients } from "../clients";
import { runCommand } from "../context";
import { CliError } from "../errors";
import { type Profile } from "../profile";
import { saveTokens } from "../session";

const FACTORS: Record<string, SecondFactor> = {
  sms: SecondFactor.SECOND_FACTOR_SMS,
  totp: SecondFactor.SECOND_FACTOR_TOTP,
  recovery: SecondFactor.SECOND_FACTOR_RECOVERY_CODE,
};

/** Sessions: password login (AAL1), a second factor (AAL2), logout, who am I. */
export function registerSession(program: Command): void {
  program
    .command("login")
    .description("log in with email and password (a session at AAL1); tokens are kept in the profile")
    .requiredOption("--email <email>", "email address")
    .option("--password <password>", "password (or WALLETCTL_PASSWORD)")
    .option("--send-code", "also send the SMS code for the second factor")
    .action((options: { email: string; password?: string; sendCode?: boolean }, command: Command) => runCommand(command, async (context) => {
      const password = options.password ?? process.env["WALLETCTL_PASSWORD"] ?? "";
      const { tokens, availableSecondFactors } = await context.clients.identity.login({ email: options.email, password });
      const session = saveTokens(context.profile, tokens!);
      const factors = availableSecondFactors.map((factor) => SecondFactor[factor].replace("SECOND_FACTOR_", "").toLowerCase());
      let challengeId = "";
      if (options.sendCode) challengeId = await sendLoginCode(context.clients.identity, context.profile, session.accessToken);
      context.output.result(
        [`logged in as ${session.userId} (${session.aal})`, `second factors: ${factors.join(", ") || "none"}`, challengeId ? "an SMS code was sent: walletctl verify --code <code>" : "next: walletctl login-code, then walletctl verify --code <code>"],
        { userId: session.userId, aal: session.aal, accessTokenExpiresAt: session.accessTokenExpiresAt, secondFactors: factors, ...(challengeId ? { challengeId } : {}) },
      );
    }));

  program
    .command("login-code")
    .description("send a one-time code by SMS to the confirmed phone, for the second factor")
    .action((_options: unknown, command: Command) => runCommand(command, async (context) => {
      const { accessToken } = await context.asUser();
      const challengeId = await sendLoginCode(context.clients.identity, context.profile, accessToken!);
      context.output.result("a code was sent to your phone: walletctl verify --code <code>", { challengeId });
    }));

  program
    .command("verify")
    .description("present a second factor: the session becomes AAL2")
    .requiredOption("--code <code>", "the code (SMS, authenticator app or recovery code)")
    .option("--factor <factor>", "sms | totp | recovery", "sms")
    .action((options: { code: string; factor: string }, command: Command) => runCommand(command, async (context) => {
      const factor = FACTORS[options.factor];
      if (factor === undefined) throw CliError.field("factor", "must be sms, totp or recovery");
      const callOptions = await context.asUser();
      const answer = await context.clients.identity.verifySecondFactor(
        { factor, code: options.code, challengeId: factor === SecondFactor.SECOND_FACTOR_SMS ? (context.profile.data.loginChallengeId ?? "") : "" },
        callOptions,
      );
      const session = saveTokens(context.profile, answer.tokens!);
      context.output.result(`session raised to ${session.aal}`, { userId: session.userId, aal: session.aal, recoveryCodesLeft: answer.recoveryCodesLeft });
    }));

  program
    .command("logout")
    .description("end the session and forget its tokens")
    .action((_options: unknown, command: Command) => runCommand(command, async (context) => {
      if (context.profile.data.session) await context.clients.identity.logout({}, await context.asUser());
      context.profile.update((data) => {
        delete data.session;
      });
      context.output.result("logged out", { loggedOut: true });
    }));

  program
    .command("whoami")
    .description("your profile: assurance levels, masked contacts, factors")
    .action((_options: unknown, command: Command) => runCommand(command, async (context) => {
      const profile = await context.clients.identity.getProfile({}, await context.asUser());
      const json = GetProfileResponse.toJSON(profile) as Record<string, unknown>;
      context.output.result(
        [`user ${profile.userId} (@${profile.handle || "-"})`, `IAL${profile.ial} AAL${profile.aal}`, `email ${profile.emailMasked}, phone ${profile.phoneMasked}`, `TOTP ${profile.totpEnrolled ? "enrolled" : "not enrolled"}`],
        json,
      );
    }));
}

async function sendLoginCode(
  identity: WalletClients["identity"],
  profile: Profile,
  accessToken: string,
): Promise<string> {
  const { challengeId } = await identity.sendLoginCode({}, { accessToken });
  profile.update((data) => {
    data.loginChallengeId = challengeId;
  });
  return challengeId;
}
