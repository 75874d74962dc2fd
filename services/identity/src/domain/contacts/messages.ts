/**
 * The words people receive. Messages carry codes and amounts, never names or account numbers,
 * and say what to do if it was not you.
 */
export const messages = {
  signUpCode: (code: string) => `Your wallet sign-up code is ${code}. It expires in 10 minutes. If you did not sign up, ignore this message.`,
  contactTaken: () => "Someone tried to open a wallet with this contact. If it was you, sign in instead; if not, nothing has changed.",
  loginCode: (code: string) => `Your wallet sign-in code is ${code}. It expires in 5 minutes. Never share it: we will never ask for it.`,
  stepUpCode: (code: string, summary: string) => `Code ${code} approves: ${summary}. It works once, for this only. If you did not ask for it, do not share it.`,
  notice: (template: string, values: Record<string, string>) => {
    const facts = Object.entries(values).map(([key, value]) => `${key.replaceAll("_", " ")}: ${value}`).join(", ");
    return `${NOTICE_TEXT[template] ?? "Activity on your wallet."}${facts ? ` (${facts})` : ""} If this was not you, open the app and choose "this was not me".`;
  },
};

const NOTICE_TEXT: Record<string, string> = {
  bank_link_started: "A bank account is being linked to your wallet.",
  bank_link_activated: "A bank account was linked to your wallet.",
  bank_link_suspended: "A bank link of your wallet was suspended.",
  payment_completed: "A payment was made from your wallet.",
};

/** "t***@example.jp" */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

/** "+81******5678" */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}${"*".repeat(Math.max(0, phone.length - 7))}${phone.slice(-4)}`;
}
