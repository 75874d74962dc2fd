import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAccount } from "../src/domain/accounts/find-account";
import { reportUnrecognizedLink, revokeConsent } from "../src/domain/consents/consent-revoke";
import { completeCustomerAuthentication } from "../src/domain/customer-auth/authentication-complete";
import { startCustomerAuthentication } from "../src/domain/customer-auth/authentication-start";
import { PIN_LOCK_AFTER } from "../src/domain/customer-auth/pin-guard";
import { type BankContext } from "../src/domain/context";
import { openTestBank, type TestBank } from "./support/test-bank";

let bank: TestBank;
let modern: BankContext;

beforeAll(async () => {
  bank = await openTestBank();
  modern = bank.contextFor("modern");
});
afterAll(async () => {
  await bank?.close();
});

const OPERATOR = "bank-link";
let references = 0;

async function customerStartingALink(context: BankContext = modern) {
  const { input } = await bank.openCustomer();
  const account = await findAccount(bank.models, input);
  const authentication = await startCustomerAuthentication(context, { account, operator: OPERATOR, operatorReference: `lnk_test${++references}` });
  const messages = await bank.outbox.read("sms", input.registeredPhone);
  return { input, account, authentication, messages, code: /\b(\d{6})\b/.exec(messages[0]?.body ?? "")?.[1] ?? "" };
}

const complete = (authenticationId: string, pin: string, oneTimeCode: string, context: BankContext = modern) =>
  completeCustomerAuthentication(context, { authenticationId, operator: OPERATOR, pin, oneTimeCode });

const reasonOf = (call: Promise<unknown>) => call.then(() => "succeeded", (error: { reason?: string }) => error.reason);

describe("the bank authenticating its customer for a link", () => {
  it("sends the code to the phone registered at the bank, saying a wallet is linking the account", async () => {
    const { authentication, messages, code, input } = await customerStartingALink();
    expect(authentication.method).toBe("PIN_AND_ONE_TIME_CODE");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ template: "bank_link_attempt" });
    expect(messages[0]!.body).toContain(`ending ${input.accountNumber.slice(-4)}`);
    expect(messages[0]!.body).not.toContain(input.accountNumber);
    expect(code).toMatch(/^\d{6}$/);
  });

  it("returns the same authentication for a retried start and sends nothing again", async () => {
    const { account, authentication, input } = await customerStartingALink();
    const again = await startCustomerAuthentication(modern, { account, operator: OPERATOR, operatorReference: authentication.operatorReference });
    expect(again._id).toBe(authentication._id);
    expect(await bank.outbox.read("sms", input.registeredPhone)).toHaveLength(1);
  });

  it("records a consent on the right PIN and code, tells the customer with a report link, and answers a retry with the same consent", async () => {
    const { authentication, code, input, account } = await customerStartingALink();
    const consentId = await complete(authentication._id, input.pin, code);
    expect(await modern.ledger.activeConsents(account._id)).toEqual([consentId]);
    const [notice] = await bank.outbox.read("sms", input.registeredPhone);
    expect(notice?.template).toBe("bank_link_created");
    expect(notice?.body).toMatch(/https:\/\/bank\.test\/not-me\/cns_[a-z0-9]+\.[A-Za-z0-9_-]{22}$/);
    expect(await complete(authentication._id, "0000", "")).toBe(consentId);
  });

  it("never says which factor was wrong, and ends the authentication after five wrong tries", async () => {
    const { authentication, code, input, account } = await customerStartingALink();
    const wrongCode = code === "000000" ? "111111" : "000000";
    const reasons = [
      await reasonOf(complete(authentication._id, "9999", code)),
      await reasonOf(complete(authentication._id, input.pin, wrongCode)),
      await reasonOf(complete(authentication._id, input.pin, wrongCode)),
      await reasonOf(complete(authentication._id, input.pin, wrongCode)),
      await reasonOf(complete(authentication._id, input.pin, wrongCode)),
      await reasonOf(complete(authentication._id, input.pin, code)),
    ];
    expect(reasons).toEqual(["AUTHENTICATION_FAILED", "AUTHENTICATION_FAILED", "AUTHENTICATION_FAILED", "AUTHENTICATION_FAILED", "AUTHENTICATION_EXHAUSTED", "AUTHENTICATION_EXHAUSTED"]);
    expect(await modern.ledger.activeConsents(account._id)).toEqual([]);
  });

  it("gives concurrent guesses five tries in all", async () => {
    const { authentication, input, code } = await customerStartingALink();
    const guesses = Array.from({ length: 13 }, (_, index) => String(100000 + index)).filter((guess) => guess !== code).slice(0, 12);
    const outcomes = await Promise.all(guesses.map((guess) => reasonOf(complete(authentication._id, input.pin, guess))));
    expect(outcomes.filter((reason) => reason === "AUTHENTICATION_FAILED")).toHaveLength(4);
    expect(outcomes.filter((reason) => reason === "AUTHENTICATION_EXHAUSTED")).toHaveLength(8);
  });

  it("locks the PIN after ten wrong PINs in a row, across authentications", async () => {
    const { account, input } = await customerStartingALink();
    const reasons: (string | undefined)[] = [];
    for (let round = 0; round < 3; round++) {
      const { _id } = await startCustomerAuthentication(modern, { account, operator: OPERATOR, operatorReference: `lnk_lock${round}${references}` });
      for (let guess = 0; guess < 4; guess++) reasons.push(await reasonOf(complete(_id, input.pin === "0000" ? "1111" : "0000", "123456")));
    }
    expect(reasons.slice(0, PIN_LOCK_AFTER).every((reason) => reason === "AUTHENTICATION_FAILED")).toBe(true);
    expect(reasons.slice(PIN_LOCK_AFTER)).toEqual(["PIN_LOCKED", "PIN_LOCKED"]);
  });

  it("links with the PIN alone and tells the customer nothing in the 2020 mode", async () => {
    const bank2020 = bank.contextFor("2020");
    const { authentication, messages, input, account } = await customerStartingALink(bank2020);
    expect(authentication.method).toBe("PIN_ONLY");
    expect(messages).toEqual([]);
    const consentId = await complete(authentication._id, input.pin, "", bank2020);
    expect(await bank2020.ledger.activeConsents(account._id)).toEqual([consentId]);
    expect(await bank.outbox.read("sms", input.registeredPhone)).toEqual([]);
  });
});

describe("ending a consent", () => {
  async function linkedCustomer() {
    const { authentication, code, input, account } = await customerStartingALink();
    const consentId = await complete(authentication._id, input.pin, code);
    const reportCode = /not-me\/(\S+)$/.exec((await bank.outbox.read("sms", input.registeredPhone))[0]!.body)![1]!;
    return { consentId, reportCode, input, account };
  }

  it("stops the consent when the customer reports the link from the bank's notice", async () => {
    const { consentId, reportCode, input, account } = await linkedCustomer();
    expect(await reportUnrecognizedLink(modern, reportCode)).toBe(true);
    expect(await modern.ledger.activeConsents(account._id)).toEqual([]);
    expect((await modern.ledger.revocationOf(consentId))?.revocationReason).toBe("CUSTOMER_REPORTED_UNRECOGNIZED");
    expect((await bank.outbox.read("sms", input.registeredPhone))[0]?.template).toBe("bank_link_stopped");
    expect(await reportUnrecognizedLink(modern, reportCode)).toBe(false);
  });

  it("refuses a forged or altered report code", async () => {
    const { consentId, reportCode } = await linkedCustomer();
    await expect(reportUnrecognizedLink(modern, `${consentId}.AAAAAAAAAAAAAAAAAAAAAA`)).rejects.toMatchObject({ reason: "REPORT_NOT_FOUND" });
    // Alter one character of the consent id, always to a different one (a fixed "z" left an id starting with "z" unchanged).
    const altered = reportCode.replace(/^cns_(.)/, (_, first: string) => `cns_${first === "z" ? "y" : "z"}`);
    expect(altered).not.toBe(reportCode);
    await expect(reportUnrecognizedLink(modern, altered)).rejects.toMatchObject({ reason: "REPORT_NOT_FOUND" });
  });

  it("lets the operator revoke its own consents only, idempotently", async () => {
    const { consentId } = await linkedCustomer();
    await expect(revokeConsent(modern, { consentId, operator: "someone-else", reason: "OPERATOR_UNLINK" })).rejects.toMatchObject({ reason: "CONSENT_NOT_FOUND" });
    expect(await revokeConsent(modern, { consentId, operator: OPERATOR, reason: "OPERATOR_UNLINK" })).toBe(true);
    expect(await revokeConsent(modern, { consentId, operator: OPERATOR, reason: "OPERATOR_UNLINK" })).toBe(false);
  });
});
