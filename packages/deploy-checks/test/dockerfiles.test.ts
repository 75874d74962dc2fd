import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintDockerfile } from "../src/dockerfile-lint";
import { REPO_ROOT, SERVICE_NAMES, SERVICES } from "../src/repo";

const dockerfile = (service: string) => readFileSync(join(REPO_ROOT, "deploy", "docker", `${service}.Dockerfile`), "utf8");

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
