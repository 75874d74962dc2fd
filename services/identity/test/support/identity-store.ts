import { testStoreUri, uniqueDatabaseName } from "@wallet/local-store";
import { openScratchDatabase, type ScratchDatabase } from "@wallet/store-kit";
import { identityModels, type IdentityModels } from "../../src/store/models";

export type IdentityTestStore = ScratchDatabase<IdentityModels>;

/** A database of its own for one test file, with identity's collections and indexes. */
export function openIdentityStore(name: string, poolSize = 5): Promise<IdentityTestStore> {
  return openScratchDatabase({ uri: testStoreUri(), database: uniqueDatabaseName(name), poolSize }, identityModels);
}
