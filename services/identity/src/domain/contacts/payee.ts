import { normalisePhone } from "@wallet/pii-crypto";
import { NotFoundError } from "@wallet/service-kit";
import { type IdentityContext } from "../context";

export interface Payee {
  userId: string;
  handle: string;
}

/** The user a payer means, by public handle or by confirmed phone number, read from the store. */
export async function resolvePayee(context: IdentityContext, payee: { handle: string } | { phone: string }): Promise<Payee> {
  const claim = "handle" in payee
    ? await context.models.handleClaims.findById(payee.handle.toLowerCase()).lean()
    : await context.models.phoneClaims.findById(context.index.of("phone", normalisePhone(payee.phone))).lean();
  if (!claim) throw new NotFoundError("payee");
  const user = await context.models.users.findById(claim.holder, { handle: 1, lockedAt: 1 }).lean();
  if (!user || user.lockedAt) throw new NotFoundError("payee");
  return { userId: user._id, handle: user.handle };
}
