#!/usr/bin/env node
import { demoCommand } from "@wallet/demo";
import { buildProgram } from "../src/program";

buildProgram([demoCommand()])
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`walletctl: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
