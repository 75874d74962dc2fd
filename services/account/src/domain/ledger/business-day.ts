/** The business day of an instant in the ledger's time zone, as YYYY-MM-DD (daily limits). */
export function businessDayFormatter(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (at) => format.format(at);
}
