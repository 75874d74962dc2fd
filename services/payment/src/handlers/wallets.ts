import { status } from "@grpc/grpc-js";
import { FailedPreconditionError, RemoteError } from "@wallet/service-kit";
import { type PaymentDeps } from "../server";

/**
 * The caller's own wallet id, looked up by payment as a service: payment's gate has already
 * admitted the caller, so asking account with the caller's token would only repeat the same
 * Authorize round trip to identity.
 */
export function payerWallet(deps: PaymentDeps, ownerId: string, currency: string): Promise<string> {
  return walletIdOr(deps, ownerId, currency, () => new FailedPreconditionError("NO_WALLET", "open a wallet in this currency first"));
}

/** The payee's wallet id in the payment's currency. */
export function payeeWallet(deps: PaymentDeps, ownerId: string, currency: string): Promise<string> {
  return walletIdOr(deps, ownerId, currency, () => new FailedPreconditionError("PAYEE_HAS_NO_WALLET", "the payee has no wallet in this currency"));
}

/** The wallet id, or the given refusal when account has no such wallet. */
function walletIdOr(deps: PaymentDeps, ownerId: string, currency: string, missing: () => FailedPreconditionError): Promise<string> {
  return deps.wallets.walletIdOf(ownerId, currency).catch((error: unknown) => {
    if (error instanceof RemoteError && error.code === status.NOT_FOUND) throw missing();
    throw error;
  });
}
