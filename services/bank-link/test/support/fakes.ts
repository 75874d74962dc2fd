import { randomBytes } from "node:crypto";
import { UnavailableError } from "@wallet/service-kit";
import {
  type AuthenticationOutcome,
  type BankAccountAddress,
  type BankAdapter,
  type BankRevocationSource,
  type ConsentMoneyOrder,
  type HolderVerdict,
  type MoneyOutcome,
  type RevocationReasonName,
} from "../../src/bank-adapters/bank-adapter";
import { type IdentityPort, type ProofedName } from "../../src/clients/identity";
import { type BankAuthenticationMethodName } from "../../src/domain/links/link-state";

export const PIN = "2580";
export const CODE = "246810";

interface FakeAccount {
  holderLatin: string;
  balance: bigint;
}

/**
 * A bank in memory, for bank-link's unit tests: exact-name holder check on latin names, PIN
 * and code fixed, five tries per authentication, consents, idempotent movements.
 */
export class FakeBank implements BankAdapter {
  readonly accounts = new Map<string, FakeAccount>();
  readonly authentications = new Map<string, { account: string; tries: number; reference: string }>();
  readonly consents = new Map<string, { account: string; revoked: "" | RevocationReasonName | "CUSTOMER_REPORTED_UNRECOGNIZED"; revokedAt: Date | null }>();
  readonly movements = new Map<string, { reference: string; account: string; change: bigint; cancelled?: boolean }>();
  readonly revocationCalls: { consentId: string; reason: RevocationReasonName }[] = [];
  method: BankAuthenticationMethodName = "PIN_AND_ONE_TIME_CODE";
  unreachable = false;

  open(account: BankAccountAddress, holderLatin: string, balance = 100_000n): void {
    this.accounts.set(key(account), { holderLatin, balance });
  }

  balanceOf(account: BankAccountAddress): bigint {
    return this.accounts.get(key(account))!.balance;
  }

  verifyHolder(account: BankAccountAddress, name: ProofedName): Promise<HolderVerdict> {
    this.failIfUnreachable();
    const found = this.accounts.get(key(account));
    if (!found) return Promise.resolve({ outcome: "ACCOUNT_UNKNOWN", score: 0 });
    const match = found.holderLatin === `${name.familyNameLatin} ${name.givenNameLatin}`;
    return Promise.resolve({ outcome: match ? "MATCH" : "NO_MATCH", score: match ? 100 : 20 });
  }

  startCustomerAuthentication(account: BankAccountAddress, operatorReference: string) {
    this.failIfUnreachable();
    const existing = [...this.authentications.entries()].find(([, value]) => value.reference === operatorReference);
    const authenticationId = existing?.[0] ?? `bau_${randomBytes(8).toString("hex")}`;
    if (!existing) this.authentications.set(authenticationId, { account: key(account), tries: 0, reference: operatorReference });
    return Promise.resolve({ authenticationId, expiresAt: new Date(Date.now() + 300_000), method: this.method });
  }

  completeCustomerAuthentication(authenticationId: string, pin: string, oneTimeCode: string): Promise<AuthenticationOutcome> {
    this.failIfUnreachable();
    const authentication = this.authentications.get(authenticationId)!;
    const consentId = `cns_${authenticationId.slice(4)}`;
    if (this.consents.has(consentId)) return Promise.resolve({ ok: true, consentId });
    if (authentication.tries >= 5) return Promise.resolve({ ok: false, reason: "EXHAUSTED", attemptsLeft: 0 });
    authentication.tries++;
    if (pin !== PIN || (this.method === "PIN_AND_ONE_TIME_CODE" && oneTimeCode !== CODE)) {
      const attemptsLeft = 5 - authentication.tries;
      return Promise.resolve({ ok: false, reason: attemptsLeft === 0 ? "EXHAUSTED" : "FAILED", attemptsLeft });
    }
    this.consents.set(consentId, { account: authentication.account, revoked: "", revokedAt: null });
    return Promise.resolve({ ok: true, consentId });
  }

  revokeConsent(consentId: string, reason: RevocationReasonName): Promise<void> {
    this.failIfUnreachable();
    this.revocationCalls.push({ consentId, reason });
    const consent = this.consents.get(consentId);
    if (consent && !consent.revoked) Object.assign(consent, { revoked: reason, revokedAt: new Date() });
    return Promise.resolve();
  }

  /** The bank's customer reports the link from the bank's notice. */
  customerReports(consentId: string): void {
    Object.assign(this.consents.get(consentId)!, { revoked: "CUSTOMER_REPORTED_UNRECOGNIZED", revokedAt: new Date() });
  }

  consentRevocations(since: Date): Promise<{ consentId: string; source: BankRevocationSource; revokedAt: Date }[]> {
    this.failIfUnreachable();
    return Promise.resolve([...this.consents.entries()]
      .filter(([, consent]) => consent.revokedAt && consent.revokedAt >= since)
      .map(([consentId, consent]) => ({ consentId, source: consent.revoked === "CUSTOMER_REPORTED_UNRECOGNIZED" ? "CUSTOMER_REPORTED_UNRECOGNIZED" : "OPERATOR", revokedAt: consent.revokedAt! })));
  }

  debit(order: ConsentMoneyOrder): Promise<MoneyOutcome> {
    return this.move(order, -order.amount);
  }

  credit(order: ConsentMoneyOrder): Promise<MoneyOutcome> {
    return this.move(order, order.amount);
  }

  cancel(order: { consentId: string; direction: "DEBIT" | "CREDIT"; idempotencyKey: string; reverseIfMade: boolean }): Promise<"CANCELLED" | "REVERSED" | "ALREADY_MADE"> {
    this.failIfUnreachable();
    const made = this.movements.get(order.idempotencyKey);
    if (!made) {
      // A tombstone: the order can no longer be made under this key.
      this.movements.set(order.idempotencyKey, { reference: "", account: "", change: 0n, cancelled: true });
      return Promise.resolve("CANCELLED");
    }
    if (made.cancelled) return Promise.resolve(made.change === 0n ? "CANCELLED" : "REVERSED");
    if (!order.reverseIfMade) return Promise.resolve("ALREADY_MADE");
    this.accounts.get(made.account)!.balance -= made.change;
    made.cancelled = true;
    return Promise.resolve("REVERSED");
  }

  private move(order: ConsentMoneyOrder, change: bigint): Promise<MoneyOutcome> {
    this.failIfUnreachable();
    const done = this.movements.get(order.idempotencyKey);
    if (done?.cancelled) return Promise.resolve({ ok: false, reason: "CANCELLED" });
    if (done) return Promise.resolve({ ok: true, bankReference: done.reference });
    const consent = this.consents.get(order.consentId);
    if (!consent || consent.revoked) return Promise.resolve({ ok: false, reason: "CONSENT_REVOKED" });
    const account = this.accounts.get(consent.account)!;
    if (account.balance + change < 0n) return Promise.resolve({ ok: false, reason: "INSUFFICIENT_FUNDS" });
    account.balance += change;
    const reference = `bref_${randomBytes(6).toString("hex")}`;
    this.movements.set(order.idempotencyKey, { reference, account: consent.account, change });
    return Promise.resolve({ ok: true, bankReference: reference });
  }

  private failIfUnreachable(): void {
    if (this.unreachable) throw new UnavailableError("BANK_UNAVAILABLE", "the bank could not be reached; retry later");
  }
}

function key(account: BankAccountAddress): string {
  return `${account.bankCode}-${account.branchCode}-${account.accountNumber}`;
}

/** Identity in memory: proofed names by user, and the notices sent. */
export class FakeIdentity implements IdentityPort {
  readonly names = new Map<string, ProofedName>();
  readonly notices: { userId: string; template: string; values: Record<string, string>; key: string }[] = [];

  proofedName(userId: string): Promise<ProofedName> {
    const name = this.names.get(userId);
    if (!name) throw new Error("not proofed");
    return Promise.resolve(name);
  }

  notify(userId: string, template: string, values: Record<string, string>, idempotencyKey: string): Promise<void> {
    if (!this.notices.some((notice) => notice.key === idempotencyKey)) this.notices.push({ userId, template, values, key: idempotencyKey });
    return Promise.resolve();
  }
}
