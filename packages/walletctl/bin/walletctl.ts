#!/usr/bin/env node
import { buildProgram } from "../src/program";

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`walletctl: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
