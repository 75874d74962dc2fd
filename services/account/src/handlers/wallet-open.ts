import { type GetWalletRequest, type GetWalletResponse, type OpenWalletRequest, type OpenWalletResponse } from "@wallet/contracts/wallet/account/v1/account_service";
import { type CallContext, currencyCode, NotFoundError, parseRequest, requirePrincipal } from "@wallet/service-kit";
import { z } from "zod";
import { openWallet } from "../domain/operations/wallet-open";
import { raiseTier } from "../domain/operations/wallet-tier";
import { type AccountDeps } from "../server";
import { walletMessage } from "./messages";

const request = z.object({ currency: currencyCode });

export function openWalletHandler(deps: AccountDeps) {
  return async (message: OpenWalletRequest, call: CallContext): Promise<OpenWalletResponse> => {
    const { currency } = parseRequest(request, message);
    const principal = requirePrincipal(call);
    const wallet = await openWallet(deps.ledger.models, deps.ledger.wallets, { ownerId: principal.subject, currency, tier: principal.ial });
    await raiseTier(deps.ledger, wallet._id, principal.ial);
    return { wallet: walletMessage(wallet) };
  };
}

export function getWalletHandler(deps: AccountDeps) {
  return async (message: GetWalletRequest, call: CallContext): Promise<GetWalletResponse> => {
    const { currency } = parseRequest(request, message);
    const principal = requirePrincipal(call);
    const wallet = await deps.ledger.wallets.findByOwner(principal.subject, currency);
    if (!wallet) throw new NotFoundError("wallet");
    await raiseTier(deps.ledger, wallet._id, principal.ial);
    return { wallet: walletMessage(wallet) };
  };
}
