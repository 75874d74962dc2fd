import { type Counterparty as CounterpartyMessage, type Hold, HoldState, type Movement, type Wallet } from "@wallet/contracts/wallet/account/v1/account_service";
import { InvalidArgumentError } from "@wallet/service-kit";
import { z } from "zod";
import { type HoldView } from "../domain/holds/hold-view";
import { type Counterparty } from "../domain/ledger/counterparty";
import { type AppendResult } from "../domain/ledger/wallet-chain";
import { type LedgerAccountDocument } from "../store/ledger-account.model";

export function walletMessage(wallet: LedgerAccountDocument): Wallet {
  return { walletId: wallet._id, ownerId: wallet.ownerId, currency: wallet.currency };
}

export function movementMessage({ event, replayed }: AppendResult): Movement {
  const currency = event.entry?.currency ?? "";
  return {
    entryId: event.entry?.entryId ?? "",
    balanceAfter: { currency, minorUnits: BigInt(event.balance) },
    availableAfter: { currency, minorUnits: BigInt(event.balance) - BigInt(event.held) },
    replayed,
  };
}

const HOLD_STATES = { RESERVED: HoldState.HOLD_STATE_RESERVED, COMMITTED: HoldState.HOLD_STATE_COMMITTED, ABORTED: HoldState.HOLD_STATE_ABORTED };

export function holdMessage(hold: HoldView): Hold {
  return {
    holdId: hold.holdId,
    walletId: hold.walletId,
    amount: { currency: hold.currency, minorUnits: hold.amount },
    state: HOLD_STATES[hold.state],
    expiresAt: hold.expiresAt,
    outcome: hold.outcome,
    paymentId: hold.paymentId,
  };
}

const bankCode = z.string().regex(/^\d{4}$/, "must be a 4-digit bank code");
const reference = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be an identifier");

/** The counterparty of a request, validated; `field` names it in errors. */
export function counterpartyOf(message: CounterpartyMessage | undefined, field: string): Counterparty {
  if (!message) throw InvalidArgumentError.field(field, "is required");
  const check = (schema: z.ZodType, value: unknown, part: string) => {
    if (!schema.safeParse(value).success) throw InvalidArgumentError.field(`${field}.${part}`, "is not valid");
  };
  if (message.bankCode !== undefined) {
    check(bankCode, message.bankCode, "bank_code");
    return { kind: "bank", bankCode: message.bankCode };
  }
  if (message.merchantId !== undefined) {
    check(reference, message.merchantId, "merchant_id");
    return { kind: "merchant", merchantId: message.merchantId };
  }
  if (message.walletId !== undefined) {
    check(reference, message.walletId, "wallet_id");
    return { kind: "wallet", walletId: message.walletId };
  }
  if (message.fees) return { kind: "fees" };
  if (message.suspense) return { kind: "suspense" };
  throw InvalidArgumentError.field(field, "name a bank, a merchant, fees, suspense or a wallet");
}
