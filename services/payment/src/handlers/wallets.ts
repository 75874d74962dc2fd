import { status } from "@grpc/grpc-js";
import { type Wallet } from "@wallet/contracts/wallet/account/v1/account_service";
import { FailedPreconditionError, RemoteError } from "@wallet/service-kit";
import { AS_SERVICE } from "../domain/sagas/ledger-steps";
import { type PaymentDeps } from "../server";

/**
 * The caller's own wallet, looked up by payment as a service: payment's gate has already
 * admitted the caller, so asking account with the caller's token would only repeat the same
 * Authorize round trip to identity.
 */
export async function payerWallet(deps: PaymentDeps, ownerId: string, currency: string): Promise<Wallet> {
  const { wallet } = await deps.downstream.account.findWallet({ ownerId, currency }, AS_SERVICE).catch((error: unknown) => {
    if (error instanceof RemoteError && error.code === status.NOT_FOUND) throw new FailedPreconditionError("NO_WALLET", "open a wallet in this currency first");
    throw error;
  });
  return wallet!;
}

/** The payee's wallet in the payment's currency. */
export async function payeeWallet(deps: PaymentDeps, ownerId: string, currency: string): Promise<Wallet> {
  const { wallet } = await deps.downstream.account.findWallet({ ownerId, currency }, AS_SERVICE).catch((error: unknown) => {
    if (error instanceof RemoteError && error.code === status.NOT_FOUND) throw new FailedPreconditionError("PAYEE_HAS_NO_WALLET", "the payee has no wallet in this currency");
    throw error;
  });
  return wallet!;
}
