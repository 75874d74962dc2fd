/** Canonical forms, so "Taro@Example.JP " and "taro@example.jp" index alike. */
export function normaliseEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}

/** E.164 with only "+" and digits. */
export function normalisePhone(phone: string): string {
  return phone.normalize("NFKC").replace(/[\s()-]/g, "");
}

/** The last four characters, the only part of an account or document number ever shown. */
export function lastFour(value: string): string {
  return value.slice(-4);
}
