import { PassThrough } from "node:stream";
import { status } from "@grpc/grpc-js";
import { RemoteError } from "@wallet/service-kit";
import { describe, expect, it } from "vitest";
import { describeFailure } from "../src/errors";
import { Output } from "../src/output";
import { renderTree, spanTree } from "../src/span-tree";

function stream(isTTY: boolean): NodeJS.WriteStream & { text(): string } {
  const passThrough = new PassThrough();
  const chunks: Buffer[] = [];
  passThrough.on("data", (chunk: Buffer) => chunks.push(chunk));
  return Object.assign(passThrough, { isTTY, columns: 80, text: () => Buffer.concat(chunks).toString("utf8") }) as unknown as NodeJS.WriteStream & { text(): string };
}

describe("output", () => {
  it("shows a progress indicator on a terminal's stderr, and none with --json or without a terminal", async () => {
    for (const [json, isTTY, expected] of [[false, true, true], [true, true, false], [false, false, false]] as const) {
      const stdout = stream(isTTY);
      const stderr = stream(isTTY);
      const output = new Output(json, stdout, stderr);
      await output.progress("waiting for the payment", new Promise((resolve) => setTimeout(resolve, 200)));
      output.result("done", { done: true });
      expect(stderr.text().includes("waiting for the payment"), `json=${json} tty=${isTTY}`).toBe(expected);
      if (json) expect(JSON.parse(stdout.text())).toEqual({ done: true });
    }
  });

  it("writes 64-bit amounts as strings in JSON", () => {
    const stdout = stream(false);
    new Output(true, stdout, stream(false)).result("", { minorUnits: 9_007_199_254_740_993n });
    expect(JSON.parse(stdout.text())).toEqual({ minorUnits: "9007199254740993" });
  });
});

describe("failures", () => {
  it("names the gRPC status and every field violation, with an exit code per status", () => {
    const error = new RemoteError(status.INVALID_ARGUMENT, "amount.minor_units: must be positive", "INVALID_ARGUMENT", "payment", {}, [
      { field: "amount.minor_units", description: "must be positive" },
      { field: "link_id", description: "must be a platform identifier" },
    ], undefined);
    const described = describeFailure(error);
    expect(described.message).toBe("INVALID_ARGUMENT: amount.minor_units: must be positive; link_id: must be a platform identifier");
    expect(described.exitCode).toBe(13);
  });

  it("names the reason of a gate denial and tells how to answer a step-up", () => {
    const denied = describeFailure(new RemoteError(status.PERMISSION_DENIED, "the gate refused this call", "AAL2_REQUIRED", "payment", {}, [], undefined));
    expect(denied.message).toMatch(/^PERMISSION_DENIED AAL2_REQUIRED: the gate refused this call\n.*walletctl verify/);
    const stepUp = describeFailure(new RemoteError(status.PERMISSION_DENIED, "needs a step-up", "STEP_UP_REQUIRED", "payment", { challenge_id: "chl_1" }, [], undefined));
    expect(stepUp.message).toContain("walletctl step-up");
    expect(stepUp.json.error.facts).toEqual({ challenge_id: "chl_1" });
  });
});

describe("span tree", () => {
  it("nests spans under their parents in start order and keeps orphans as roots", () => {
    const roots = spanTree({
      traceID: "t",
      processes: { p1: { serviceName: "payment" }, p2: { serviceName: "account" } },
      spans: [
        { spanID: "b", operationName: "Credit", references: [{ refType: "CHILD_OF", spanID: "a" }], startTime: 20, duration: 1_000, processID: "p2", tags: [{ key: "otel.status_code", value: "ERROR" }] },
        { spanID: "a", operationName: "TopUp", startTime: 10, duration: 5_000, processID: "p1" },
        { spanID: "c", operationName: "Reserve", references: [{ refType: "CHILD_OF", spanID: "a" }], startTime: 15, duration: 500, processID: "p2" },
        { spanID: "d", operationName: "late", references: [{ refType: "CHILD_OF", spanID: "missing" }], startTime: 30, duration: 100, processID: "p1" },
      ],
    });
    expect(renderTree(roots)).toEqual([
      "[payment] TopUp  5.0 ms  UNSET",
      "├─ [account] Reserve  0.5 ms  UNSET",
      "└─ [account] Credit  1.0 ms  ERROR",
      "[payment] late  0.1 ms  UNSET",
    ]);
  });
});
