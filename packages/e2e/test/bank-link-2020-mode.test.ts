import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { status } from "@grpc/grpc-js";
import { BankAuthenticationMethod, BankLinkServiceService, LinkState } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { serviceDirectory } from "@wallet/platform-launcher";
import { type PromiseClient } from "@wallet/service-kit";
import { type BankCustomer, Banks, evidenceFor, newPerson, type PersonName, type SignedIn, TestPlatform, Users } from "@wallet/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/failure";

const VICTIM: PersonName = { familyKanji: "鷲見", givenKanji: "瑠璃子", familyKana: "ワシミ", givenKana: "ルリコ", familyLatin: "WASHIMI", givenLatin: "RURIKO" };
const ATTACKER: PersonName = { familyKanji: "黒羽", givenKanji: "疾風", familyKana: "クロバネ", givenKana: "ハヤテ", familyLatin: "KUROBANE", givenLatin: "HAYATE" };

/**
 * The sandbox bank as the banks that lost deposits in 2020 ran (SANDBOX_BANK_MODE=2020): the
 * PIN alone links an account and the bank tells its customer nothing. The bank's layer is gone;
 * these tests show which of the wallet's layers still hold.
 */
describe("a 2020 bank (PIN only, no notices): the layers that still hold", () => {
  let platform: TestPlatform;
  let users: Users;
  let banks: Banks;
  let bankLink: PromiseClient<typeof BankLinkServiceService>;
  let asPayment: PromiseClient<typeof BankLinkServiceService>;
  let keys = 0;

  beforeAll(async () => {
    platform = await TestPlatform.start({ environmentOf: { "sandbox-bank": { SANDBOX_BANK_MODE: "2020" } } });
    users = await Users.on(platform);
    banks = Banks.on(platform);
    bankLink = platform.client(BankLinkServiceService, "bank-link");
    asPayment = await platform.serviceClient(BankLinkServiceService, "bank-link", "payment");
  });
  afterAll(async () => {
    await platform?.stop();
  });

  const address = (account: BankCustomer) => ({ bankCode: account.bankCode, branchCode: account.branchCode, accountNumber: account.accountNumber });
  const startLink = (session: SignedIn, account: BankCustomer) =>
    bankLink.startLink({ ...address(account), idempotencyKey: `mode2020-start-${++keys}` }, { accessToken: session.accessToken });
  const debit = (linkId: string, userId: string, yen: bigint) =>
    asPayment.debit({ linkId, userId, amount: { currency: "JPY", minorUnits: yen }, idempotencyKey: `pay_m2020${++keys}:bank-debit`, paymentId: `pay_m2020${keys}` });

  it("identity proofing and the holder check still stop the email-only wallet and the attacker under their own name", async () => {
    const victim = newPerson("victim2020", VICTIM);
    const account = await banks.openAccount(VICTIM, victim.phone, { balance: 300_000n });
    const emailOnly = newPerson("emailonly2020", ATTACKER);
    await users.signUp(emailOnly, { confirmPhone: false });
    expect((await failure(startLink(await users.login(emailOnly), account))).reason).toBe("IAL2_REQUIRED");
    const ownName = await users.honest(newPerson("ownname2020", ATTACKER));
    expect((await failure(startLink(ownName, account))).reason).toBe("HOLDER_MISMATCH");
    expect(await banks.balance(account)).toBe(300_000n);
  });

  it("stolen documents and the leaked PIN link the victim's account without a word to the victim, and cooling-off caps the loss at 10,000 yen a day", async () => {
    const victim = newPerson("victim2020b", VICTIM);
    const account = await banks.openAccount(VICTIM, victim.phone, { balance: 300_000n });
    const thief = await users.honest(newPerson("thief2020", VICTIM), evidenceFor(VICTIM));

    const started = await startLink(thief, account);
    expect(started.bankAuthenticationMethod).toBe(BankAuthenticationMethod.BANK_AUTHENTICATION_METHOD_PIN_ONLY);
    const { link } = await bankLink.confirmLink({ linkId: started.link!.linkId, pin: account.pin, oneTimeCode: "" }, { accessToken: thief.accessToken });
    expect(link?.state).toBe(LinkState.LINK_STATE_ACTIVE);
    // The 2020 failure: the bank asked for nothing the thief did not have, and told no one.
    expect(await banks.outbox(victim.phone)).toEqual([]);

    await debit(link!.linkId, thief.userId, 10_000n);
    const more = await failure(debit(link!.linkId, thief.userId, 1_000n));
    expect([more.code, more.reason, more.facts["limit"]]).toEqual([status.FAILED_PRECONDITION, "COOLING_OFF_LIMIT", "per_day"]);
    expect(await banks.balance(account)).toBe(290_000n);
  });

  it("has a seed command that opens the sample banks and the leaked list's victims, and can run again", async () => {
    const seed = () => promisify(execFile)(process.execPath, [join(serviceDirectory("sandbox-bank"), "dist", "seed.js")], {
      env: { ...process.env, WALLET_PROFILE: "dev", SANDBOX_BANK_ADDRESS: platform.platform.address("sandbox-bank"), SANDBOX_ADMIN_TOKEN: platform.platform.wiring.secrets.sandboxAdminToken },
    });
    const first = await seed();
    expect(first.stdout).toMatch(/^victim {3}0901-001-1000001 YAMADA HANAKO .* opened$/m);
    expect((await seed()).stdout).toMatch(/^victim {3}0901-001-1000001 .*: already there$/m);
    const victim = { bankCode: "0901", branchCode: "001", accountNumber: "1000001", pin: "4821", registeredPhone: "+819011110001" };
    expect(await banks.balance(victim)).toBe(480_000n);
  });
});
