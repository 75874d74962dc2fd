import { NotFoundError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type IdentityContext } from "../context";
import { messages } from "./messages";

/** Sends a notice to the user's confirmed email and phone, once per idempotency key. */
export async function notifyUser(
  context: IdentityContext,
  input: { userId: string; template: string; values: Record<string, string>; idempotencyKey: string; callerService: string },
): Promise<void> {
  const user = await context.models.users.findById(input.userId, { emailEncrypted: 1, phoneEncrypted: 1, phoneConfirmedAt: 1 }).lean();
  if (!user) throw new NotFoundError("user");
  if (!(await insertIfAbsent(context.models.noticeClaims, { _id: `${input.callerService}:${input.idempotencyKey}`, holder: input.userId, at: context.clock() }))) return;
  const body = messages.notice(input.template, input.values);
  try {
    await context.sender.send({ channel: "email", to: context.cipher.decrypt(user.emailEncrypted, `users:${user._id}:email`), template: input.template, body });
    if (user.phoneConfirmedAt) {
      await context.sender.send({ channel: "sms", to: context.cipher.decrypt(user.phoneEncrypted, `users:${user._id}:phone`), template: input.template, body });
    }
  } catch (error) {
    // A notice to the holder must not be lost: the claim goes, so the caller's retry sends it
    // (perhaps the email twice, which is better than none).
    await context.models.noticeClaims.deleteOne({ _id: `${input.callerService}:${input.idempotencyKey}` });
    throw error;
  }
}
