#!/usr/bin/env node
// The seed command: opens the sample banks and accounts (the attack scenarios' victims among
// them) through the bank's staff API, and prints them. Safe to run again: what exists stays.
//   SANDBOX_ADMIN_TOKEN=... [SANDBOX_BANK_ADDRESS=127.0.0.1:50052] [WALLET_PROFILE=dev] node dist/seed.js
import { SandboxBankAdminServiceService } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { address, channelCredentials, ConfigError, createClient, loadConfig, RemoteError, transportEnvironment } from "@wallet/service-kit";
import { z } from "zod";
import { SEED_ACCOUNTS, SEED_BANKS } from "./seed-data";

const seedConfig = z.object({
  ...transportEnvironment,
  SANDBOX_BANK_ADDRESS: address.default("127.0.0.1:50052"),
  SANDBOX_ADMIN_TOKEN: z.string().min(16, "must be the bank's administrator token"),
});

async function seed(): Promise<void> {
  const config = loadConfig(seedConfig);
  const admin = createClient(SandboxBankAdminServiceService, {
    address: config.SANDBOX_BANK_ADDRESS,
    audience: "sandbox-bank",
    credentials: channelCredentials(config),
    defaultDeadlineMs: 15_000,
  });
  const headers = { "x-sandbox-admin-token": config.SANDBOX_ADMIN_TOKEN };
  try {
    for (const bank of SEED_BANKS) {
      const outcome = await unlessExists(admin.openBank(bank, { headers }));
      process.stdout.write(`bank ${bank.bankCode} ${bank.name}: ${outcome}\n`);
    }
    for (const account of SEED_ACCOUNTS) {
      const outcome = await unlessExists(admin.openAccount({
        bankCode: account.bankCode,
        branchCode: account.branchCode,
        accountNumber: account.accountNumber,
        holderNameKana: account.holderNameKana,
        holderNameLatin: account.holderNameLatin,
        pin: account.pin,
        registeredPhone: account.registeredPhone,
        openingBalance: { currency: "JPY", minorUnits: account.balanceYen },
      }, { headers }));
      // Sandbox fiction, printed on purpose: this is the "leaked list" the demo attacks with.
      process.stdout.write(`${account.role.padEnd(8)} ${account.bankCode}-${account.branchCode}-${account.accountNumber} ${account.holderNameLatin.padEnd(18)} PIN ${account.pin} phone ${account.registeredPhone} ${account.balanceYen} JPY: ${outcome}\n`);
    }
  } finally {
    admin.close();
  }
}

async function unlessExists(call: Promise<unknown>): Promise<"opened" | "already there"> {
  try {
    await call;
    return "opened";
  } catch (error) {
    if (error instanceof RemoteError && error.kind === "already_exists") return "already there";
    throw error;
  }
}

seed().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
