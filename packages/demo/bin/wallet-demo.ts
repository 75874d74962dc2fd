#!/usr/bin/env node
// Runs the demo alone (walletctl mounts the same command as `walletctl demo`).
import { demoCommand } from "../src/command";

demoCommand()
  .name("wallet-demo")
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`wallet-demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
