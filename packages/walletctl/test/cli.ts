import { execFile } from "node:child_process";
import { join } from "node:path";

const BIN = join(__dirname, "..", "dist", "bin", "walletctl.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built walletctl as a subprocess, as a user or script would, and never throws. */
export function walletctl(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env["PATH"], ...env }, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs with --json and parses stdout, failing loudly when the command did not succeed. */
export async function walletctlJson<T = Record<string, unknown>>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const result = await walletctl(["--json", ...args], env);
  if (result.code !== 0) throw new Error(`walletctl ${args.join(" ")} exited ${result.code}: ${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
