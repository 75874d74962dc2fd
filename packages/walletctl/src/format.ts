import { type Money } from "@wallet/contracts/wallet/common/v1/money";
import { CliError } from "./errors";

/** "5,000 JPY" from minor units (JPY has none below the yen, so minor units are yen). */
export function money(amount: Money | undefined): string {
  if (!amount) return "-";
  const digits = new Intl.NumberFormat("en", { currency: amount.currency, style: "currency", currencyDisplay: "code" }).resolvedOptions().maximumFractionDigits ?? 0;
  const negative = amount.minorUnits < 0n;
  const absolute = negative ? -amount.minorUnits : amount.minorUnits;
  const scale = 10n ** BigInt(digits);
  const whole = (absolute / scale).toLocaleString("en");
  const fraction = digits > 0 ? `.${(absolute % scale).toString().padStart(digits, "0")}` : "";
  return `${negative ? "-" : ""}${whole}${fraction} ${amount.currency}`;
}

/**
 * --amount as minor units. Only the shape is checked here (a whole number); whether it is
 * allowed (positive, within limits) is the platform's to say, so its answer names the field.
 */
export function parseAmount(value: string, currency: string): Money {
  if (!/^-?\d{1,19}$/.test(value.trim())) throw CliError.field("amount", "must be a whole number of minor units, for example 5000");
  return { currency, minorUnits: BigInt(value.trim()) };
}

/** The enum's name without its prefix: PAYMENT_STATE_COMPLETED -> COMPLETED. */
export function enumName(names: Record<number, string>, value: number, prefix: string): string {
  return (names[value] ?? String(value)).replace(prefix, "");
}

export function when(date: Date | undefined): string {
  return date ? date.toISOString() : "-";
}
