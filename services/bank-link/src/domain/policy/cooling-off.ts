import { FailedPreconditionError } from "@wallet/service-kit";
import { type LinkState } from "../links/link-state";
import { type LinkPolicy } from "./link-policy";

const TOKYO_OFFSET_MS = 9 * 3_600_000;

/** The calendar day in Japan (UTC+9 all year, no daylight saving), as "YYYY-MM-DD". */
export function tokyoDay(at: Date): string {
  return new Date(at.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

export function inCoolingOff(state: Pick<LinkState, "coolingOffUntil">, now: Date): boolean {
  return state.coolingOffUntil !== null && now.getTime() < state.coolingOffUntil.getTime();
}

/**
 * During a fresh link's cooling-off, a debit may take at most the per-debit limit and, with the
 * debits already ordered that Tokyo day, at most the daily limit. The limits are in yen; a debit
 * in any other currency during cooling-off is refused (fail closed).
 */
export function assertWithinCoolingOff(state: LinkState, policy: LinkPolicy, amount: bigint, currency: string, now: Date): void {
  if (!inCoolingOff(state, now)) return;
  const refuse = (limit: string, message: string) => new FailedPreconditionError("COOLING_OFF_LIMIT", message, {
    limit, cooling_off_until: state.coolingOffUntil!.toISOString(),
  });
  if (currency !== "JPY") throw refuse("currency", "a freshly linked account moves only yen during its cooling-off period");
  if (amount > policy.coolingOffPerDebitYen) {
    throw refuse("per_debit", `a freshly linked account allows at most ${policy.coolingOffPerDebitYen} JPY per top-up during its cooling-off period`);
  }
  const today = tokyoDay(now);
  const already = state.debitDay === today ? state.debitedThatDay : 0n;
  if (already + amount > policy.coolingOffPerDayYen) {
    throw refuse("per_day", `a freshly linked account allows at most ${policy.coolingOffPerDayYen} JPY of top-ups per day during its cooling-off period`);
  }
}
