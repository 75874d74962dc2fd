import { InvalidArgumentError } from "@wallet/service-kit";
import { systemAccounts } from "./system-accounts";

/** The other side of a movement, as the domain names it. */
export type Counterparty =
  | { kind: "bank"; bankCode: string }
  | { kind: "merchant"; merchantId: string }
  | { kind: "fees" }
  | { kind: "suspense" }
  | { kind: "wallet"; walletId: string };

/** The system account behind a counterparty (wallets are not system accounts). */
export function systemAccountOf(party: Exclude<Counterparty, { kind: "wallet" }>, currency: string): string {
  switch (party.kind) {
    case "bank":
      return systemAccounts.bankClearing(party.bankCode, currency);
    case "merchant":
      return systemAccounts.merchant(party.merchantId, currency);
    case "fees":
      return systemAccounts.fees(currency);
    case "suspense":
      return systemAccounts.suspense(currency);
  }
}

/** A stable text form, recorded with the operation (and compared on a replay). */
export function describeCounterparty(party: Counterparty): string {
  switch (party.kind) {
    case "bank":
      return `bank:${party.bankCode}`;
    case "merchant":
      return `merchant:${party.merchantId}`;
    case "wallet":
      return `wallet:${party.walletId}`;
    case "fees":
    case "suspense":
      return party.kind;
  }
}

export function requireSystemParty(party: Counterparty, field: string): Exclude<Counterparty, { kind: "wallet" }> {
  if (party.kind === "wallet") throw InvalidArgumentError.field(field, "must be a bank, a merchant, fees or suspense");
  return party;
}
