import { type Command } from "commander";
import { runCommand } from "../context";
import { CliError } from "../errors";

/**
 * Step-up: a payment refused with STEP_UP_REQUIRED leaves its challenge in the profile; this
 * sends the code, then exchanges it for a proof the retried payment carries once.
 */
export function registerStepUp(program: Command): void {
  program
    .command("step-up [challenge]")
    .description("approve the operation a payment asked a step-up for: without --code sends the SMS code; with --code keeps the proof for the retry")
    .option("--code <code>", "the code sent to your phone")
    .action((challenge: string | undefined, options: { code?: string }, command: Command) => runCommand(command, async (context) => {
      const challengeId = challenge ?? context.profile.data.stepUpChallengeId;
      if (!challengeId) throw CliError.field("challenge", "no step-up challenge: a payment refused with STEP_UP_REQUIRED names one");
      const callOptions = await context.asUser();
      if (!options.code) {
        const { expiresAt } = await context.clients.identity.startStepUp({ challengeId }, callOptions);
        context.profile.update((data) => {
          data.stepUpChallengeId = challengeId;
        });
        context.output.result(`a code was sent to your phone: walletctl step-up --code <code>`, { challengeId, expiresAt: expiresAt?.toISOString() });
        return;
      }
      const { stepUpProof, expiresAt } = await context.clients.identity.completeStepUp({ challengeId, code: options.code }, callOptions);
      context.profile.update((data) => {
        data.stepUpProof = { challengeId, proof: stepUpProof, expiresAt: (expiresAt ?? new Date()).toISOString() };
        delete data.stepUpChallengeId;
      });
      context.output.result("step-up approved: run the payment command again", { challengeId, approved: true, expiresAt: expiresAt?.toISOString() });
    }));
}
