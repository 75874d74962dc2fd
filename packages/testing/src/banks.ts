import { randomBytes, randomInt } from "node:crypto";
import { BankLinkServiceService, type Link } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import {
  type Consent,
  SandboxBankAdminServiceService,
  SandboxBankCustomerServiceService,
} from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { type PromiseClient, RemoteError } from "@wallet/service-kit";
import { type PersonName } from "@wallet/sandbox-fixtures";
import { type TestPlatform } from "./test-platform";
import { type SignedIn } from "./users";

/** A customer account at the sandbox bank, with what a leaked list would hold. */
export interface BankCustomer {
  bankCode: string;
  branchCode: string;
  accountNumber: string;
  pin: string;
  /** The phone the bank sends its codes and notices to. */
  registeredPhone: string;
}

export interface OpenAccountOptions {
  /** Opening balance in yen (default 100,000). */
  balance?: bigint;
  bankCode?: string;
  pin?: string;
  /** Holder names as the bank writes them (default: from the person's name, family first). */
  holderNameKana?: string;
  holderNameLatin?: string;
}

export const TEST_BANK_CODE = "0005";

/**
 * Drives the sandbox bank the way its staff and customers would: open accounts, read balances
 * and consents, read what the bank sent to a phone, report a link from the bank's notice. Also
 * links an account to a wallet the way the wallet app would.
 */
export class Banks {
  private readonly openedBanks = new Set<string>();

  private constructor(
    private readonly admin: PromiseClient<typeof SandboxBankAdminServiceService>,
    private readonly customers: PromiseClient<typeof SandboxBankCustomerServiceService>,
    readonly bankLink: PromiseClient<typeof BankLinkServiceService>,
    private readonly headers: Record<string, string>,
  ) {}

  static on(platform: TestPlatform): Banks {
    return new Banks(
      platform.client(SandboxBankAdminServiceService, "sandbox-bank"),
      platform.client(SandboxBankCustomerServiceService, "sandbox-bank"),
      platform.client(BankLinkServiceService, "bank-link"),
      platform.adminHeaders(),
    );
  }

  /** Opens the bank (branch 001) unless it exists. */
  async ensureBank(bankCode: string): Promise<void> {
    if (this.openedBanks.has(bankCode)) return;
    try {
      await this.admin.openBank({ bankCode, name: `Sandbox Bank ${bankCode}`, branches: [{ branchCode: "001", name: "Head Office" }] }, { headers: this.headers });
    } catch (error) {
      if (!(error instanceof RemoteError && error.kind === "already_exists")) throw error;
    }
    this.openedBanks.add(bankCode);
  }

  /** Opens an account in a person's name with a fresh number, registered to a phone. */
  async openAccount(holder: PersonName, registeredPhone: string, options: OpenAccountOptions = {}): Promise<BankCustomer> {
    const bankCode = options.bankCode ?? TEST_BANK_CODE;
    await this.ensureBank(bankCode);
    for (;;) {
      const customer = { bankCode, branchCode: "001", accountNumber: String(randomInt(1_000_000, 10_000_000)), pin: options.pin ?? String(randomInt(0, 10_000)).padStart(4, "0"), registeredPhone };
      try {
        await this.admin.openAccount({
          bankCode, branchCode: customer.branchCode, accountNumber: customer.accountNumber,
          holderNameKana: options.holderNameKana ?? `${holder.familyKana} ${holder.givenKana}`,
          holderNameLatin: options.holderNameLatin ?? `${holder.familyLatin} ${holder.givenLatin}`,
          openingBalance: { currency: "JPY", minorUnits: options.balance ?? 100_000n },
          pin: customer.pin,
          registeredPhone,
        }, { headers: this.headers });
        return customer;
      } catch (error) {
        if (!(error instanceof RemoteError && error.kind === "already_exists")) throw error;
      }
    }
  }

  async balance(customer: BankCustomer): Promise<bigint> {
    return (await this.admin.getAccount(address(customer), { headers: this.headers })).balance?.minorUnits ?? 0n;
  }

  /** The account's money movements as the bank's staff see them, newest first. */
  async movements(customer: BankCustomer) {
    return (await this.admin.listMovements({ ...address(customer), limit: 1_000 }, { headers: this.headers })).movements;
  }

  async consents(customer: BankCustomer): Promise<Consent[]> {
    return (await this.admin.getAccount(address(customer), { headers: this.headers })).consents;
  }

  /** What the bank sent to a phone, newest first. */
  async outbox(phone: string) {
    return (await this.admin.listOutboxMessages({ phone, limit: 20 }, { headers: this.headers })).messages;
  }

  /** The newest one-time code the bank sent to a phone. */
  async latestCode(phone: string): Promise<string> {
    const message = (await this.outbox(phone)).find((candidate) => candidate.template === "bank_link_attempt");
    const code = /\b(\d{6})\b/.exec(message?.body ?? "")?.[1];
    if (!code) throw new Error("no code in the bank's outbox for this phone");
    return code;
  }

  /** The report code in the bank's newest "your account was linked" notice to a phone. */
  async reportCode(phone: string): Promise<string> {
    const message = (await this.outbox(phone)).find((candidate) => candidate.template === "bank_link_created");
    const code = /\/not-me\/(\S+)$/.exec(message?.body ?? "")?.[1];
    if (!code) throw new Error("no link notice in the bank's outbox for this phone");
    return code;
  }

  /** The bank's customer taps "this was not me" in the bank's notice. */
  async reportNotMe(phone: string): Promise<boolean> {
    return (await this.customers.reportUnrecognizedLink({ reportCode: await this.reportCode(phone) })).revoked;
  }

  /**
   * The wallet app's link journey: StartLink, the holder reads the bank's code on the phone the
   * bank knows, ConfirmLink with the PIN and code. Returns the active link and the wallet calls
   * it took.
   */
  async link(session: SignedIn, customer: BankCustomer, idempotencyKey = `link-${randomBytes(9).toString("base64url")}`): Promise<{ link: Link; walletCalls: number }> {
    const options = { accessToken: session.accessToken };
    const { link: started } = await this.bankLink.startLink({ ...address(customer), idempotencyKey }, options);
    const { link } = await this.bankLink.confirmLink({ linkId: started!.linkId, pin: customer.pin, oneTimeCode: await this.latestCode(customer.registeredPhone) }, options);
    return { link: link!, walletCalls: 2 };
  }
}

function address(customer: BankCustomer) {
  return { bankCode: customer.bankCode, branchCode: customer.branchCode, accountNumber: customer.accountNumber };
}
