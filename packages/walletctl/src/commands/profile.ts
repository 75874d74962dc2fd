import { type Command } from "commander";
import { PLATFORM_SERVICES, type PlatformService } from "../addresses";
import { runCommand } from "../context";
import { CliError } from "../errors";

/** The profile file: where it is, what it holds (never the tokens themselves), saved addresses. */
export function registerProfile(program: Command): void {
  const profile = program.command("profile").description("the profile file (tokens, addresses)");
  profile
    .command("show")
    .description("the profile's path, addresses and session (tokens are not printed)")
    .action((_options: unknown, command: Command) => runCommand(command, (context) => {
      const session = context.profile.data.session;
      const summary = {
        path: context.profile.path,
        addresses: context.addresses,
        session: session ? { userId: session.userId, aal: session.aal, accessTokenExpiresAt: session.accessTokenExpiresAt } : null,
      };
      context.output.result(
        [`profile ${summary.path}`, ...PLATFORM_SERVICES.map((service) => `  ${service.padEnd(13)} ${context.addresses[service]}`),
          session ? `session: ${session.userId} ${session.aal}, access token until ${session.accessTokenExpiresAt}` : "session: none"],
        summary,
      );
      return Promise.resolve();
    }));
  profile
    .command("set-address <service> <address>")
    .description(`save a service's address (service: ${PLATFORM_SERVICES.join(", ")})`)
    .action((service: string, address: string, _options: unknown, command: Command) => runCommand(command, (context) => {
      if (!(PLATFORM_SERVICES as readonly string[]).includes(service)) throw CliError.field("service", `must be one of ${PLATFORM_SERVICES.join(", ")}`);
      context.profile.update((data) => {
        data.addresses = { ...data.addresses, [service as PlatformService]: address };
      });
      context.output.result(`${service} at ${address}`, { service, address });
      return Promise.resolve();
    }));
}
