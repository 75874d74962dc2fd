import { DockerfileParser } from "dockerfile-ast";

/**
 * Lints a Dockerfile: base images pinned to an exact version or digest (never latest), a
 * non-root numeric USER in the final stage, a HEALTHCHECK, and the telemetry preload in the
 * start command. Returns the problems; empty means it passes.
 */
export function lintDockerfile(text: string): string[] {
  const dockerfile = DockerfileParser.parse(text);
  const problems: string[] = [];
  const stages = new Set<string>();
  const froms = dockerfile.getFROMs();
  if (froms.length === 0) problems.push("no FROM instruction");
  for (const from of froms) {
    const image = from.getImageName() ?? "";
    const line = from.getRange().start.line + 1;
    if (!stages.has(image)) {
      const tag = from.getImageTag();
      const digest = from.getImageDigest();
      if (!digest && (!tag || tag === "latest" || !/\d+\.\d+\.\d+/.test(tag))) problems.push(`line ${line}: base image ${from.getImage() ?? ""} must be pinned to an exact version or a digest`);
    }
    const stage = from.getBuildStage();
    if (stage) stages.add(stage);
  }
  const finalStageStart = froms.at(-1)?.getRange().start.line ?? 0;
  const finalInstructions = dockerfile.getInstructions().filter((instruction) => instruction.getRange().start.line >= finalStageStart);
  const users = finalInstructions.filter((instruction) => instruction.getKeyword() === "USER");
  const user = users.at(-1)?.getArgumentsContent() ?? "";
  if (!/^[1-9]\d*(:\d+)?$/.test(user.trim())) problems.push("the final stage must switch to a non-root numeric USER (uid other than 0)");
  const healthcheck = finalInstructions.find((instruction) => instruction.getKeyword() === "HEALTHCHECK");
  if (!healthcheck || /^\s*NONE\b/i.test(healthcheck.getArgumentsContent() ?? "")) problems.push("the final stage needs a HEALTHCHECK");
  else if (!(healthcheck.getArgumentsContent() ?? "").includes("grpc-health-check")) problems.push("the HEALTHCHECK must use the gRPC health check");
  const command = finalInstructions.filter((instruction) => instruction.getKeyword() === "CMD" || instruction.getKeyword() === "ENTRYPOINT").at(-1);
  if (!command || !(command.getArgumentsContent() ?? "").includes("@wallet/telemetry/register")) problems.push("the start command must preload telemetry (node --import @wallet/telemetry/register)");
  return problems;
}
