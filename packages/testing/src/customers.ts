import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { type Link } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { type BankCustomer, Banks, type OpenAccountOptions } from "./banks";
import { evidenceFor, type PersonName } from "@wallet/sandbox-fixtures";
import { type TestPlatform } from "./test-platform";
import { newPerson, type Person, type SignedIn, TARO, Users } from "./users";

/** A wallet customer as the app would make one: proofed, AAL2, with a bank link and a wallet. */
export interface WalletCustomer {
  person: Person;
  session: SignedIn;
  bank: BankCustomer;
  link: Link;
  walletId: string;
}

/** Makes honest customers on a platform: sign-up, proofing, a bank account linked, a wallet. */
export class Customers {
  private constructor(private readonly platform: TestPlatform, readonly users: Users, readonly banks: Banks) {}

  static async on(platform: TestPlatform): Promise<Customers> {
    return new Customers(platform, await Users.on(platform), Banks.on(platform));
  }

  async onboard(label: string, options: OpenAccountOptions & { name?: PersonName } = {}): Promise<WalletCustomer> {
    const person = newPerson(label, options.name ?? TARO);
    const session = await this.users.honest(person, evidenceFor(person.name));
    const bank = await this.banks.openAccount(person.name, person.phone, options);
    const { link } = await this.banks.link(session, bank);
    const { wallet } = await this.platform.client(AccountServiceService, "account").openWallet({ currency: "JPY" }, { accessToken: session.accessToken });
    return { person, session, bank, link, walletId: wallet!.walletId };
  }

  /** A fresh AAL2 session for a customer (access tokens live five minutes). */
  async signIn(customer: WalletCustomer): Promise<SignedIn> {
    customer.session = await this.users.secondFactor(customer.person, await this.users.login(customer.person));
    return customer.session;
  }
}
