import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { openScratchDatabase, type ScratchDatabase } from "@wallet/store-kit";
import { paymentModels, type PaymentModels } from "../../src/store/models";

export type PaymentTestStore = ScratchDatabase<PaymentModels>;

/** A database of its own for one test file, with payment's collections and indexes. */
export function openPaymentStore(name: string, poolSize = 5): Promise<PaymentTestStore> {
  return openScratchDatabase({ uri: testStoreUri(), database: uniqueDatabaseName(name), poolSize }, paymentModels);
}
