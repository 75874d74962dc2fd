import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * NIST SP 800-63B 5.1.1.2: at least 8 characters, up to 256 accepted, no composition rules,
 * and never a password found in lists of common and breached passwords (the ~49,000 entries
 * bundled with @zxcvbn-ts/language-common, compiled from breach corpora) or one built from the
 * service's name or the user's own email.
 */
const COMMON = new Set((dictionary["passwords-common"] ?? []).map((password) => password.toLowerCase()));
const SERVICE_WORDS = ["wallet", "docomo", "password"];

export type PasswordProblem = "TOO_SHORT" | "TOO_LONG" | "COMMON_OR_BREACHED" | "CONTEXT_SPECIFIC";

export function passwordProblem(password: string, context: { email: string }): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < 8) return "TOO_SHORT";
  if (length > 256) return "TOO_LONG";
  const lowered = password.normalize("NFKC").toLowerCase();
  if (COMMON.has(lowered)) return "COMMON_OR_BREACHED";
  const localPart = context.email.split("@")[0]?.toLowerCase() ?? "";
  const words = [...SERVICE_WORDS, ...(localPart.length >= 4 ? [localPart] : [])];
  if (words.some((word) => lowered.replace(/[^a-z0-9]/g, "").replace(/\d+$/, "") === word)) return "CONTEXT_SPECIFIC";
  return undefined;
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  TOO_SHORT: "must be at least 8 characters",
  TOO_LONG: "must be at most 256 characters",
  COMMON_OR_BREACHED: "is a common or breached password; choose another",
  CONTEXT_SPECIFIC: "is built from the service's name or your email; choose another",
};
