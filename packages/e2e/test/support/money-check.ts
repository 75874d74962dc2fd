import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { type TestPlatform, type WalletCustomer, type Customers } from "@wallet/testing";
import { MongoClient } from "mongodb";

export interface MoneySnapshot {
  /** Customers' money at the bank minus the platform's clearing positions: wallets + merchants + fees. */
  conserved: bigint;
  bankTotal: bigint;
  negativeBankAccounts: string[];
}

/**
 * The Jepsen bank check's invariant across both systems: money is only ever moved between a
 * bank customer, the platform's ledger (wallets, merchants, fees, transit) and back, so the bank
 * customers' total minus the ledger's bank-clearing total never changes.
 */
export async function moneySnapshot(platform: TestPlatform, customers: Customers, wallets: WalletCustomer[]): Promise<MoneySnapshot> {
  const balances = await Promise.all(wallets.map(async (wallet) => [wallet.bank.accountNumber, await customers.banks.balance(wallet.bank)] as const));
  const bankTotal = balances.reduce((sum, [, balance]) => sum + balance, 0n);
  const operator = await platform.operatorClient(AccountServiceService, "account");
  const { balances: system } = await operator.listSystemBalances({});
  const clearing = system.filter((account) => account.kind === "BANK_CLEARING").reduce((sum, account) => sum + account.balance!.minorUnits, 0n);
  return { conserved: bankTotal - clearing, bankTotal, negativeBankAccounts: balances.filter(([, balance]) => balance < 0n).map(([number]) => number.slice(-4)) };
}

interface StoredPayment {
  kind: string;
  state: string;
  linkId: string;
  amount: bigint;
  terminal: boolean;
  steps: { name: string; at: Date }[];
}

/** Payments straight from payment's own database (the test observes; it changes nothing). */
export async function storedPayments(platform: TestPlatform): Promise<StoredPayment[]> {
  const client = new MongoClient(platform.platform.wiring.storeUri, { useBigInt64: true });
  try {
    return await client.db(`${platform.platform.wiring.databasePrefix}payment`).collection<StoredPayment>("payments").find({}, { projection: { kind: 1, state: 1, linkId: 1, amount: 1, terminal: 1, "steps.name": 1, "steps.at": 1 } }).toArray();
  } finally {
    await client.close();
  }
}

/**
 * No bank account is debited twice: at each bank account, the debits left standing (made and
 * not reversed) are exactly the top-ups that completed, in number and in amount; the credits are
 * exactly the withdrawals that completed.
 */
export async function bankMovementsMatchPayments(customers: Customers, wallets: WalletCustomer[], payments: StoredPayment[]): Promise<string[]> {
  const problems: string[] = [];
  for (const wallet of wallets) {
    const movements = await customers.banks.movements(wallet.bank);
    const ofKind = (kind: string) => movements.filter((movement) => movement.kind === kind);
    const sum = (items: { amount?: { minorUnits: bigint } | undefined }[]) => items.reduce((total, item) => total + (item.amount?.minorUnits ?? 0n), 0n);
    const completed = (kind: string) => payments.filter((payment) => payment.kind === kind && payment.state === "COMPLETED" && payment.linkId === wallet.link.linkId);
    const standingDebits = ofKind("DEBITED").length - ofKind("REVERSED").length;
    const debitedAmount = -sum(ofKind("DEBITED")) - sum(ofKind("REVERSED"));
    const topUps = completed("TOP_UP");
    if (standingDebits !== topUps.length || debitedAmount !== topUps.reduce((total, payment) => total + BigInt(payment.amount), 0n)) {
      problems.push(`account …${wallet.bank.accountNumber.slice(-4)}: ${standingDebits} debits (${debitedAmount}) standing, ${topUps.length} top-ups completed`);
    }
    const withdrawals = completed("WITHDRAW");
    if (ofKind("CREDITED").length !== withdrawals.length || sum(ofKind("CREDITED")) !== withdrawals.reduce((total, payment) => total + BigInt(payment.amount), 0n)) {
      problems.push(`account …${wallet.bank.accountNumber.slice(-4)}: ${ofKind("CREDITED").length} credits, ${withdrawals.length} withdrawals completed`);
    }
  }
  return problems;
}
