import { randomInt } from "node:crypto";
import { type OutboxMessage } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { RemoteError } from "@wallet/service-kit";
import { type PlatformClients } from "../clients";
import { type PersonName } from "./people";

/** A customer account at the sandbox bank: what the criminals' leaked list holds. */
export interface BankAccount {
  bankCode: string;
  branchCode: string;
  accountNumber: string;
  pin: string;
  /** The phone the bank sends its codes and notices to. */
  registeredPhone: string;
}

/** The demo's own bank at the sandbox, apart from the seed command's 0901 and 0902. */
export const DEMO_BANK_CODE = "0990";

export function address(account: BankAccount) {
  return { bankCode: account.bankCode, branchCode: account.branchCode, accountNumber: account.accountNumber };
}

export function ending(account: BankAccount): string {
  return `…${account.accountNumber.slice(-4)}`;
}

/** The sandbox bank's staff tools: open accounts, read balances and what the bank sent to a phone. */
export class SandboxBankStaff {
  private bankOpened = false;

  constructor(private readonly clients: PlatformClients, private readonly adminToken: string) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, "x-sandbox-admin-token": this.adminToken };
  }

  async openAccount(holder: PersonName, registeredPhone: string, balanceYen: number, trace: Record<string, string> = {}): Promise<BankAccount> {
    await this.ensureBank();
    for (;;) {
      const account = { bankCode: DEMO_BANK_CODE, branchCode: "001", accountNumber: String(randomInt(1_000_000, 10_000_000)), pin: String(randomInt(0, 10_000)).padStart(4, "0"), registeredPhone };
      try {
        await this.clients.bankAdmin.openAccount({
          ...address(account),
          holderNameKana: `${holder.familyKana} ${holder.givenKana}`,
          holderNameLatin: `${holder.familyLatin} ${holder.givenLatin}`,
          openingBalance: { currency: "JPY", minorUnits: BigInt(balanceYen) },
          pin: account.pin,
          registeredPhone,
        }, { headers: this.headers(trace) });
        return account;
      } catch (error) {
        // A random number already taken: draw another.
        if (!(error instanceof RemoteError && error.kind === "already_exists")) throw error;
      }
    }
  }

  async balance(account: BankAccount, trace: Record<string, string> = {}): Promise<number> {
    return Number((await this.clients.bankAdmin.getAccount(address(account), { headers: this.headers(trace) })).balance?.minorUnits ?? 0n);
  }

  /** What the bank sent to a phone, newest first. */
  async outbox(phone: string, trace: Record<string, string> = {}): Promise<OutboxMessage[]> {
    return (await this.clients.bankAdmin.listOutboxMessages({ phone, limit: 20 }, { headers: this.headers(trace) })).messages;
  }

  /** The newest link code the bank sent to a phone (the holder reading their phone), if any. */
  async linkCode(phone: string, trace: Record<string, string> = {}): Promise<string | undefined> {
    const message = (await this.outbox(phone, trace)).find((candidate) => candidate.template === "bank_link_attempt");
    return /\b(\d{6})\b/.exec(message?.body ?? "")?.[1];
  }

  private async ensureBank(): Promise<void> {
    if (this.bankOpened) return;
    try {
      await this.clients.bankAdmin.openBank({ bankCode: DEMO_BANK_CODE, name: "Demo Sandbox Bank", branches: [{ branchCode: "001", name: "Head Office" }] }, { headers: this.headers() });
    } catch (error) {
      if (!(error instanceof RemoteError && error.kind === "already_exists")) throw error;
    }
    this.bankOpened = true;
  }
}
