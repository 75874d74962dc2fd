import { type Command } from "commander";
import { toString as qrToString } from "qrcode";
import { runCommand } from "../context";

/** TOTP enrolment: the otpauth URI and its QR code, then a first code to confirm. */
export function registerTotp(program: Command): void {
  const totp = program.command("totp").description("authenticator-app second factor (RFC 6238)");
  totp
    .command("enrol")
    .alias("enroll")
    .description("start enrolment: shows the otpauth:// URI and a QR code to scan")
    .action((_options: unknown, command: Command) => runCommand(command, async (context) => {
      const { otpauthUri } = await context.clients.identity.startTotpEnrollment({}, await context.asUser());
      const qr = await qrToString(otpauthUri, { type: "terminal", small: true });
      context.output.result([qr, otpauthUri, "scan it, then: walletctl totp confirm --code <code from the app>"], { otpauthUri });
    }));
  totp
    .command("confirm")
    .description("confirm enrolment with a first code; prints the recovery codes (shown once)")
    .requiredOption("--code <code>", "a code from the authenticator app")
    .action((options: { code: string }, command: Command) => runCommand(command, async (context) => {
      const { recoveryCodes } = await context.clients.identity.confirmTotpEnrollment({ code: options.code }, await context.asUser());
      context.output.result(["TOTP enrolled. Recovery codes (each works once; keep them safe):", ...recoveryCodes.map((code) => `  ${code}`)], { recoveryCodes });
    }));
}
