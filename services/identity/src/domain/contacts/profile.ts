import { NotFoundError } from "@wallet/service-kit";
import { type IdentityContext } from "../context";
import { maskEmail, maskPhone } from "./messages";

export async function profileOf(context: IdentityContext, userId: string) {
  const user = await context.models.users.findById(userId).lean();
  if (!user) throw new NotFoundError("user");
  return {
    userId: user._id,
    ial: user.ial,
    emailMasked: maskEmail(context.cipher.decrypt(user.emailEncrypted, `users:${user._id}:email`)),
    phoneMasked: user.phoneConfirmedAt ? maskPhone(context.cipher.decrypt(user.phoneEncrypted, `users:${user._id}:phone`)) : "",
    totpEnrolled: user.totpConfirmedAt !== null,
    handle: user.handle,
  };
}

export interface LegalNameRecord {
  familyNameKanji: string;
  givenNameKanji: string;
  familyNameKana: string;
  givenNameKana: string;
  familyNameLatin: string;
  givenNameLatin: string;
}

/** The name proofing established (for bank-link's holder check); only for proofed users. */
export async function proofedNameOf(context: IdentityContext, userId: string): Promise<{ name: LegalNameRecord; proofedAt: Date }> {
  const user = await context.models.users.findById(userId, { proofedNameEncrypted: 1, proofedAt: 1 }).lean();
  if (!user?.proofedAt || !user.proofedNameEncrypted) throw new NotFoundError("proofed_name");
  return { name: JSON.parse(context.cipher.decrypt(user.proofedNameEncrypted, `users:${userId}:proofed_name`)) as LegalNameRecord, proofedAt: user.proofedAt };
}
