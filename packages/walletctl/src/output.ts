import { createSpinner } from "nanospinner";
import { describeFailure } from "./errors";

type Stream = NodeJS.WriteStream;

/**
 * Where a command's answer goes: lines for a human, or one JSON document on stdout for scripts
 * (--json). Progress indicators go to stderr, only on a terminal and never with --json, so
 * nothing a script parses is ever mixed with them.
 */
export class Output {
  constructor(readonly json: boolean, private readonly stdout: Stream = process.stdout, private readonly stderr: Stream = process.stderr) {}

  /** The command's result: `human` lines, or `data` as JSON. */
  result(human: string | string[], data: unknown): void {
    if (this.json) this.stdout.write(`${JSON.stringify(data, jsonValue, 2)}\n`);
    else this.stdout.write(`${(Array.isArray(human) ? human : [human]).join("\n")}\n`);
  }

  /** A side remark for humans (never in --json output): stderr. */
  note(line: string): void {
    if (!this.json) this.stderr.write(`${line}\n`);
  }

  /** Shows a spinner on stderr while `work` runs, when stderr is a terminal and not --json. */
  async progress<T>(label: string, work: Promise<T>): Promise<T> {
    if (this.json || !this.stderr.isTTY) return work;
    const spinner = createSpinner(label, { stream: this.stderr }).start();
    try {
      const result = await work;
      spinner.success();
      return result;
    } catch (error) {
      spinner.error();
      throw error;
    }
  }

  /** Reports a failure and returns the exit code. */
  failure(error: unknown): number {
    const described = describeFailure(error);
    if (this.json) this.stdout.write(`${JSON.stringify(described.json, jsonValue, 2)}\n`);
    else this.stderr.write(`${described.message}\n`);
    return described.exitCode;
  }
}

// 64-bit amounts are bigints in the generated code: JSON has no such type, so they become strings
// (as in the proto3 JSON mapping).
function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
