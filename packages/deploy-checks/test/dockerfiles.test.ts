import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SERVICE_NODE_FLAGS, SERVICE_RUNTIME_ENVIRONMENT } from "@wallet/platform-launcher";
import { describe, expect, it } from "vitest";
import { lintDockerfile } from "../src/dockerfile-lint";
import { REPO_ROOT, SERVICE_NAMES, SERVICES } from "../src/repo";

const dockerfile = (service: string) => readFileSync(join(REPO_ROOT, "services", service, "Dockerfile"), "utf8");

describe("Dockerfiles", () => {
  it.each(SERVICE_NAMES)("%s passes the lint rules", (service) => {
    expect(lintDockerfile(dockerfile(service))).toEqual([]);
  });

  it.each(SERVICE_NAMES)("%s prunes, builds and starts its own package, on its own port", (service) => {
    const text = dockerfile(service);
    const { packageName, port } = SERVICES[service];
    expect(text).toContain(`turbo prune ${packageName} --docker`);
    expect(text).toContain(`--filter=${packageName}...`);
    expect(text).toContain(`--filter-prod=${packageName}...`);
    expect(text).toContain(`GRPC_PORT=${port}`);
    expect(text).toContain(`WORKDIR /app/services/${service}`);
  });

  // BuildKit reads the ignore file named after the Dockerfile, beside it; without it the whole
  // repository, the compose stack's secrets included, would be sent as the build context.
  it.each(SERVICE_NAMES)("%s has its build-context ignore file beside its Dockerfile, keeping secrets and outputs out", (service) => {
    const ignored = readFileSync(join(REPO_ROOT, "services", service, "Dockerfile.dockerignore"), "utf8").split("\n").map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(["deploy/secrets", ".env", ".git", "**/node_modules", "**/dist"]));
  });

  it.each(SERVICE_NAMES)("%s runs with the launcher's Node.js flags and environment, in the image and in its start script", (service) => {
    const text = dockerfile(service);
    const command = /^CMD (\[.*\])$/m.exec(text)?.[1];
    expect(JSON.parse(command ?? "[]")).toEqual(["node", ...SERVICE_NODE_FLAGS, "--import", "@wallet/telemetry/register", "dist/main.js"]);
    const runtimeEnvironment = /^ENV NODE_ENV=production (.*)$/m.exec(text)?.[1] ?? "";
    for (const [name, value] of Object.entries(SERVICE_RUNTIME_ENVIRONMENT)) expect(runtimeEnvironment).toContain(`${name}=${value}`);

    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, "services", service, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const variables = Object.entries(SERVICE_RUNTIME_ENVIRONMENT).map(([name, value]) => `${name}=${value}`).join(" ");
    expect(scripts["start"]).toBe(`${variables} node ${SERVICE_NODE_FLAGS.join(" ")} --import @wallet/telemetry/register dist/main.js`);
  });

  const good = dockerfile("account");
  it.each([
    ["an unpinned base image", good.replaceAll("node:20.20.2-bookworm-slim", "node:20"), "must be pinned"],
    ["a latest base image", good.replaceAll("node:20.20.2-bookworm-slim", "node:latest"), "must be pinned"],
    ["no USER", good.replace("USER 1000:1000\n", ""), "non-root numeric USER"],
    ["USER root", good.replace("USER 1000:1000", "USER root"), "non-root numeric USER"],
    ["USER 0", good.replace("USER 1000:1000", "USER 0"), "non-root numeric USER"],
    ["no HEALTHCHECK", good.replace(/^HEALTHCHECK .*$/m, ""), "needs a HEALTHCHECK"],
    ["no telemetry preload", good.replace(`"--import", "@wallet/telemetry/register", `, ""), "preload telemetry"],
  ])("refuses a Dockerfile with %s", (_case, broken, message) => {
    expect(lintDockerfile(broken).join("\n")).toContain(message);
  });
});
