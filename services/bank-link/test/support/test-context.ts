import { randomBytes, randomInt } from "node:crypto";
import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { BlindIndex, FieldCipher } from "@wallet/pii-crypto";
import { createLogger } from "@wallet/service-kit";
import { connectStore, ensureIndexes } from "@wallet/store-kit";
import { type Connection } from "mongoose";
import { type BankAccountAddress } from "../../src/bank-adapters/bank-adapter";
import { buildBankLinkContext } from "../../src/domain/build-context";
import { type BankLinkContext } from "../../src/domain/context";
import { confirmLink } from "../../src/domain/links/link-confirm";
import { startLink } from "../../src/domain/links/link-start";
import { type LinkView } from "../../src/domain/links/link-view";
import { DEFAULT_LINK_POLICY, type LinkPolicy } from "../../src/domain/policy/link-policy";
import { bankLinkModels } from "../../src/store/models";
import { CODE, FakeBank, FakeIdentity, PIN } from "./fakes";

export interface TestBankLink {
  connection: Connection;
  context: BankLinkContext;
  bank: FakeBank;
  identity: FakeIdentity;
  /** A proofed user named "<family> <given>" with an account at the fake bank in that name. */
  holder(family?: string): { userId: string; account: BankAccountAddress };
  /** StartLink then ConfirmLink with the right PIN and code. */
  linkActive(userId: string, account: BankAccountAddress): Promise<LinkView>;
  close(): Promise<void>;
}

let accounts = 0;

export async function openTestBankLink(policy: Partial<LinkPolicy> = {}, clock?: () => Date): Promise<TestBankLink> {
  const connection = await connectStore({ uri: testStoreUri(), database: uniqueDatabaseName("banklink"), poolSize: 10 });
  const models = bankLinkModels(connection);
  await ensureIndexes(connection);
  const bank = new FakeBank();
  const identity = new FakeIdentity();
  const context = buildBankLinkContext({
    models,
    cipher: new FieldCipher({ t1: randomBytes(32).toString("base64") }, "t1"),
    index: new BlindIndex(randomBytes(32).toString("base64")),
    bank,
    identity,
    policy: { ...DEFAULT_LINK_POLICY, ...policy },
    logger: createLogger("bank-link-test", "silent"),
    ...(clock ? { clock } : {}),
  });
  return {
    connection,
    context,
    bank,
    identity,
    holder(family = "YAMADA") {
      const userId = `usr_${randomBytes(8).toString("hex")}`;
      const given = `GIVEN${++accounts}`;
      identity.names.set(userId, { familyNameKana: "", givenNameKana: "", familyNameLatin: family, givenNameLatin: given });
      const account = { bankCode: "0009", branchCode: "001", accountNumber: String(randomInt(1_000_000, 10_000_000)) };
      bank.open(account, `${family} ${given}`);
      return { userId, account };
    },
    async linkActive(userId, account) {
      const started = await startLink(context, { ...account, userId, idempotencyKey: `start-${randomBytes(6).toString("hex")}` });
      return confirmLink(context, { userId, linkId: started.linkId, pin: PIN, oneTimeCode: CODE });
    },
    async close() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

/** Awaits a promise that must be refused, and returns the domain error's reason. */
export function reasonOf(call: Promise<unknown>): Promise<string | undefined> {
  return call.then(() => "succeeded", (error: { reason?: string }) => error.reason);
}
