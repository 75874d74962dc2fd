import { createHash, randomBytes } from "node:crypto";
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from "@wallet/service-kit";
import { insertIfAbsent, isDuplicateKeyError } from "@wallet/store-kit";
import { normaliseEmail, normalisePhone } from "@wallet/pii-crypto";
import { type SignUpDocument } from "../../store/sign-up.model";
import { type UserDocument } from "../../store/user.model";
import { type IdentityContext } from "../context";
import { codeFailure } from "../contacts/code-outcome";
import { messages } from "../contacts/messages";
import { hashPassword } from "../credentials/passwords";
import { PASSWORD_PROBLEM_TEXT, passwordProblem } from "../credentials/password-policy";
import { admitSignUp, signUpSourcePolicy } from "../security/send-throttle";

const SIGN_UP_LIFETIME_MS = 24 * 3_600_000;
const CODE_LIFETIME_MS = 10 * 60_000;

export interface StartSignUpInput {
  email: string;
  phone: string;
  password: string;
  handle: string;
  /** The client address the sign-up came from, and how many sign-ups one address gets free an hour. */
  source: string;
  freeSignUpsPerSource: number;
}

/**
 * Starts a sign-up. The answer is the same whether or not the email or phone already belongs to
 * someone: a taken contact gets a notice instead of a code, so only its owner learns anything.
 */
export async function startSignUp(context: IdentityContext, input: StartSignUpInput): Promise<{ signUpId: string; expiresAt: Date }> {
  const email = normaliseEmail(input.email);
  const phone = normalisePhone(input.phone);
  const problem = passwordProblem(input.password, { email });
  if (problem) throw InvalidArgumentError.field("password", PASSWORD_PROBLEM_TEXT[problem]);
  if (input.handle && (await context.models.handleClaims.exists({ _id: input.handle }))) {
    throw InvalidArgumentError.field("handle", "is taken; choose another");
  }

  const { models, index, cipher } = context;
  const signUpId = `sup_${randomBytes(16).toString("base64url")}`;
  const now = context.clock();
  const emailIndex = index.of("email", email);
  const phoneIndex = index.of("phone", phone);
  await admitSignUp(context, { email: emailIndex, phone: phoneIndex, source: index.of("source", input.source) }, signUpSourcePolicy(input.freeSignUpsPerSource));
  const [emailTaken, phoneTaken] = await Promise.all([models.users.exists({ emailIndex }), models.phoneClaims.exists({ _id: phoneIndex })]);

  // A taken contact gets a challenge too (its code is never sent): see confirmSignUpContact.
  const [emailChallenge, phoneChallenge] = await Promise.all([
    context.codes.issue({ purpose: "signup_email", subject: signUpId, lifetimeMs: CODE_LIFETIME_MS }),
    context.codes.issue({ purpose: "signup_phone", subject: signUpId, lifetimeMs: CODE_LIFETIME_MS }),
  ]);
  const signUp: SignUpDocument = {
    _id: signUpId,
    emailIndex,
    emailEncrypted: cipher.encrypt(email, `sign_ups:${signUpId}:email`),
    phoneIndex,
    phoneEncrypted: cipher.encrypt(phone, `sign_ups:${signUpId}:phone`),
    passwordHash: await hashPassword(input.password),
    handle: input.handle,
    emailChallengeId: emailChallenge.challengeId,
    phoneChallengeId: phoneChallenge.challengeId,
    emailTaken: Boolean(emailTaken),
    phoneTaken: Boolean(phoneTaken),
    emailConfirmedAt: null,
    phoneConfirmedAt: null,
    userId: "",
    expiresAt: new Date(now.getTime() + SIGN_UP_LIFETIME_MS),
    createdAt: now,
  };
  await models.signUps.create(signUp);

  await context.sender.send(!emailTaken
    ? { channel: "email", to: email, template: "signup_code", body: messages.signUpCode(emailChallenge.code) }
    : { channel: "email", to: email, template: "signup_contact_taken", body: messages.contactTaken() });
  await context.sender.send(!phoneTaken
    ? { channel: "sms", to: phone, template: "signup_code", body: messages.signUpCode(phoneChallenge.code) }
    : { channel: "sms", to: phone, template: "signup_contact_taken", body: messages.contactTaken() });

  await context.events.record("SIGN_UP_STARTED", { facts: { sign_up_id: signUpId } });
  if (emailTaken || phoneTaken) {
    await context.events.record("SIGN_UP_CONTACT_TAKEN", { reason: emailTaken ? "EMAIL_TAKEN" : "PHONE_TAKEN", facts: { sign_up_id: signUpId } });
  }
  return { signUpId, expiresAt: signUp.expiresAt };
}

export interface ConfirmContactInput {
  signUpId: string;
  channel: "email" | "phone";
  code: string;
}

export interface SignUpProgress {
  emailConfirmed: boolean;
  phoneConfirmed: boolean;
  userId: string;
}

/**
 * Confirms one contact with its code. Confirming the email creates the user (at IAL0: it can
 * sign in, and nothing more); the phone confirmation, before or after, raises it to IAL1.
 */
export async function confirmSignUpContact(context: IdentityContext, input: ConfirmContactInput): Promise<SignUpProgress> {
  const { models } = context;
  let signUp = await models.signUps.findById(input.signUpId).lean();
  if (!signUp || signUp.expiresAt.getTime() < context.clock().getTime()) throw new NotFoundError("sign_up");

  const challengeId = input.channel === "email" ? signUp.emailChallengeId : signUp.phoneChallengeId;
  const alreadyConfirmed = input.channel === "email" ? signUp.emailConfirmedAt : signUp.phoneConfirmedAt;
  if (!alreadyConfirmed) {
    // A taken contact's code was never sent and is never accepted, but every try counts on
    // its challenge like a wrong code would: the answers cannot tell the two cases apart.
    const taken = input.channel === "email" ? signUp.emailTaken : signUp.phoneTaken;
    const outcome = await context.codes.verify({ challengeId, code: taken ? `never:${input.code}` : input.code, purpose: `signup_${input.channel}`, subject: signUp._id });
    if (!outcome.ok) {
      await context.events.record("CONTACT_CONFIRMATION_FAILED", { reason: outcome.reason, facts: { channel: input.channel, sign_up_id: signUp._id } });
      throw codeFailure(outcome);
    }
    const field = input.channel === "email" ? "emailConfirmedAt" : "phoneConfirmedAt";
    await models.signUps.updateOne({ _id: signUp._id }, { $set: { [field]: context.clock() } });
    signUp = { ...signUp, [field]: context.clock() };
    await context.events.record("CONTACT_CONFIRMED", { facts: { channel: input.channel, sign_up_id: signUp._id } });
  }

  let userId = signUp.userId;
  if (signUp.emailConfirmedAt && !userId) userId = await createUser(context, signUp);
  if (signUp.phoneConfirmedAt && userId) await confirmPhone(context, userId, signUp);
  return { emailConfirmed: signUp.emailConfirmedAt !== null, phoneConfirmed: signUp.phoneConfirmedAt !== null, userId };
}

async function createUser(context: IdentityContext, signUp: SignUpDocument): Promise<string> {
  const { models, cipher } = context;
  // Derived from the sign-up, so a retried confirmation finds the same user.
  const userId = `usr_${createHash("sha256").update(signUp._id).digest("hex").slice(0, 26)}`;
  const email = cipher.decrypt(signUp.emailEncrypted, `sign_ups:${signUp._id}:email`);
  const phone = cipher.decrypt(signUp.phoneEncrypted, `sign_ups:${signUp._id}:phone`);
  const user: UserDocument = {
    _id: userId,
    emailIndex: signUp.emailIndex,
    emailEncrypted: cipher.encrypt(email, `users:${userId}:email`),
    emailConfirmedAt: signUp.emailConfirmedAt ?? context.clock(),
    phoneIndex: signUp.phoneIndex,
    phoneEncrypted: cipher.encrypt(phone, `users:${userId}:phone`),
    phoneConfirmedAt: null,
    passwordHash: signUp.passwordHash,
    handle: "",
    ial: 0,
    proofedNameEncrypted: "",
    proofedAt: null,
    totpSecretEncrypted: "",
    totpConfirmedAt: null,
    pendingTotpSecretEncrypted: "",
    recoveryCodeHashes: [],
    lockedAt: null,
    createdAt: context.clock(),
  };
  try {
    await models.users.create(user);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const existing = await models.users.findById(userId, { _id: 1 }).lean();
    // Another sign-up confirmed this email first: this one cannot become a second account.
    if (!existing) throw new FailedPreconditionError("SIGN_UP_CANNOT_COMPLETE", "this sign-up can no longer complete; sign in instead");
  }
  await models.signUps.updateOne({ _id: signUp._id }, { $set: { userId } });
  if (signUp.handle && (await insertIfAbsent(models.handleClaims, { _id: signUp.handle, holder: userId, at: context.clock() }))) {
    await models.users.updateOne({ _id: userId }, { $set: { handle: signUp.handle } });
  }
  await context.events.record("USER_CREATED", { userId, facts: { sign_up_id: signUp._id } });
  return userId;
}

async function confirmPhone(context: IdentityContext, userId: string, signUp: SignUpDocument): Promise<void> {
  const { models } = context;
  const claimed = await insertIfAbsent(models.phoneClaims, { _id: signUp.phoneIndex, holder: userId, at: context.clock() });
  if (!claimed) {
    const holder = await models.phoneClaims.findById(signUp.phoneIndex).lean();
    if (holder?.holder !== userId) throw new FailedPreconditionError("PHONE_UNAVAILABLE", "this phone number can no longer be confirmed for this account");
  }
  const user = await models.users.findById(userId, { ial: 1 }).lean();
  await models.users.updateOne({ _id: userId }, { $set: { phoneConfirmedAt: signUp.phoneConfirmedAt ?? context.clock(), ial: Math.max(1, user?.ial ?? 0) } });
  await context.accessChanges.announce({ sessionId: "", userId });
}
