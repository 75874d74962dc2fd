import { type ListMovementsRequest, type ListMovementsResponse } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { parseRequest } from "@wallet/service-kit";
import { z } from "zod";
import { findAccount } from "../domain/accounts/find-account";
import { type SandboxBankDeps } from "../server";
import { accountAddress } from "./account-address";

const request = z.object({ ...accountAddress, limit: z.number().int().min(0).max(1_000) });

/** The staff's view of an account's movements: what reconciliation and audits compare against. */
export function listMovementsHandler(deps: SandboxBankDeps) {
  return async (message: ListMovementsRequest): Promise<ListMovementsResponse> => {
    const input = parseRequest(request, message);
    const account = await findAccount(deps.context.models, input);
    const movements = await deps.context.ledger.movements(account._id, input.limit || 200);
    return {
      movements: movements.map((movement) => ({
        kind: movement.kind,
        amount: { currency: account.currency, minorUnits: BigInt(movement.amount) },
        // The operator's key is what follows the movement's kind in its operation key.
        idempotencyKey: movement.opKey.slice(movement.opKey.lastIndexOf(":") + 1),
        bankReference: movement.reference,
        at: movement.at,
      })),
    };
  };
}
