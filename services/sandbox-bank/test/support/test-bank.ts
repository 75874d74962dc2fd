import { randomBytes, randomInt } from "node:crypto";
import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { OutboxSender } from "@wallet/outbox";
import { BlindIndex, FieldCipher } from "@wallet/pii-crypto";
import { connectStore, ensureIndexes } from "@wallet/store-kit";
import { type Connection } from "mongoose";
import { openAccount, type OpenAccountInput } from "../../src/domain/accounts/open-account";
import { openBank } from "../../src/domain/accounts/open-bank";
import { buildBankContext } from "../../src/domain/build-context";
import { type BankContext, type BankMode } from "../../src/domain/context";
import { type SandboxBankModels, sandboxBankModels } from "../../src/store/models";

export interface TestBank {
  connection: Connection;
  models: SandboxBankModels;
  outbox: OutboxSender;
  contextFor(mode: BankMode): BankContext;
  /** Opens an account with a fresh number and phone at bank 0009, branch 001. */
  openCustomer(overrides?: Partial<OpenAccountInput>): Promise<{ accountId: string; input: OpenAccountInput }>;
  close(): Promise<void>;
}

/** The bank's domain over a database of its own in the test store. */
export async function openTestBank(): Promise<TestBank> {
  const connection = await connectStore({ uri: testStoreUri(), database: uniqueDatabaseName("sandboxbank"), poolSize: 10 });
  const models = sandboxBankModels(connection);
  await ensureIndexes(connection);
  const cipher = new FieldCipher({ t1: randomBytes(32).toString("base64") }, "t1");
  const secret = randomBytes(32).toString("base64");
  const outbox = new OutboxSender(models.outbox, cipher, new BlindIndex(secret));
  const contextFor = (mode: BankMode) => buildBankContext({
    models, cipher, sender: outbox, secretKeyBase64: secret, mode, oneTimeCodeLifetimeMs: 300_000, reportBaseUrl: "https://bank.test/not-me/",
  });
  await openBank(models, { bankCode: "0009", name: "Test Bank", branches: [{ branchCode: "001", name: "Head Office" }] });
  return {
    connection,
    models,
    outbox,
    contextFor,
    async openCustomer(overrides = {}) {
      const input: OpenAccountInput = {
        bankCode: "0009",
        branchCode: "001",
        accountNumber: String(randomInt(1_000_000, 10_000_000)),
        holderNameKana: "テスト タロウ",
        holderNameLatin: "TESTO TARO",
        pin: "4321",
        registeredPhone: `+8180${String(randomInt(0, 100_000_000)).padStart(8, "0")}`,
        currency: "JPY",
        openingBalance: 10_000n,
        ...overrides,
      };
      return { accountId: await openAccount(contextFor("modern"), input), input };
    },
    async close() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
