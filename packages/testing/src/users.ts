import { createHash } from "node:crypto";
import {
  ContactChannel,
  IdentityServiceService,
  ProofingStatus,
  SecondFactor,
  type StartProofingRequest,
  type Tokens,
} from "@wallet/contracts/wallet/identity/v1/identity_service";
import { evidenceFor, newPerson as newSandboxPerson, type Person, type PersonName } from "@wallet/sandbox-fixtures";
import { type PromiseClient } from "@wallet/service-kit";
import { type TestPlatform } from "./test-platform";

export type { Person } from "@wallet/sandbox-fixtures";

export const TARO: PersonName = { familyKanji: "山田", givenKanji: "太郎", familyKana: "ヤマダ", givenKana: "タロウ", familyLatin: "YAMADA", givenLatin: "TARO" };

/** Someone signing up: unique contacts per test run. */
export function newPerson(label: string, name: PersonName = TARO): Person {
  return newSandboxPerson(label, name);
}

export interface SignedIn {
  userId: string;
  tokens: Tokens;
  accessToken: string;
}

/** A client address from the benchmarking range (198.18.0.0/15), the same for one person. */
function ownAddress(person: Person): string {
  const digest = createHash("sha256").update(person.email).digest();
  return `198.18.${digest[0]}.${digest[1]}`;
}

/** Drives identity the way a wallet app would, reading codes from the development outbox. */
export class Users {
  private constructor(
    readonly identity: PromiseClient<typeof IdentityServiceService>,
    private readonly operator: PromiseClient<typeof IdentityServiceService>,
  ) {}

  static async on(platform: TestPlatform): Promise<Users> {
    return new Users(platform.client(IdentityServiceService, "identity"), await platform.operatorClient(IdentityServiceService, "identity"));
  }

  /** The newest one-time code sent to a contact. */
  async latestCode(channel: "email" | "sms", recipient: string): Promise<string> {
    const { messages } = await this.operator.listOutboxMessages({
      channel: channel === "email" ? ContactChannel.CONTACT_CHANNEL_EMAIL : ContactChannel.CONTACT_CHANNEL_PHONE,
      recipient,
      limit: 1,
    });
    const code = /\b(\d{6})\b/.exec(messages[0]?.body ?? "")?.[1];
    if (!code) throw new Error(`no code in the ${channel} outbox`);
    return code;
  }

  async outbox(channel: "email" | "sms", recipient: string) {
    return (await this.operator.listOutboxMessages({
      channel: channel === "email" ? ContactChannel.CONTACT_CHANNEL_EMAIL : ContactChannel.CONTACT_CHANNEL_PHONE, recipient, limit: 20,
    })).messages;
  }

  /** Signs up and confirms the email (and the phone unless told not to); returns the user id. */
  async signUp(person: Person, options: { confirmPhone?: boolean } = {}): Promise<string> {
    // Each person signs up from an address of their own, as people do: identity rations
    // sign-ups per client address, and a suite or benchmark makes hundreds of users.
    const { signUpId } = await this.identity.startSignUp(
      { email: person.email, phone: person.phone, password: person.password, handle: person.handle },
      { headers: { "x-forwarded-for": ownAddress(person) } },
    );
    const confirmed = await this.identity.confirmSignUpContact({ signUpId, channel: ContactChannel.CONTACT_CHANNEL_EMAIL, code: await this.latestCode("email", person.email) });
    if (options.confirmPhone !== false) {
      await this.identity.confirmSignUpContact({ signUpId, channel: ContactChannel.CONTACT_CHANNEL_PHONE, code: await this.latestCode("sms", person.phone) });
    }
    return confirmed.userId;
  }

  async login(person: Person, source = "198.51.100.7"): Promise<SignedIn> {
    const { tokens } = await this.identity.login({ email: person.email, password: person.password }, { headers: { "x-forwarded-for": source } });
    return signedIn(tokens!);
  }

  /** Raises a session to AAL2 with a code sent to the confirmed phone. */
  async secondFactor(person: Person, session: SignedIn): Promise<SignedIn> {
    const { challengeId } = await this.identity.sendLoginCode({}, { accessToken: session.accessToken });
    const { tokens } = await this.identity.verifySecondFactor(
      { factor: SecondFactor.SECOND_FACTOR_SMS, code: await this.latestCode("sms", person.phone), challengeId },
      { accessToken: session.accessToken },
    );
    return signedIn(tokens!);
  }

  /** Submits evidence and waits for the sandbox provider's decision. */
  async proof(session: SignedIn, evidence: StartProofingRequest) {
    const { proofing } = await this.identity.startProofing(evidence, { accessToken: session.accessToken });
    for (let waited = 0; waited < 20_000; waited += 200) {
      const { proofing: current } = await this.identity.getProofing({ proofingId: proofing!.proofingId }, { accessToken: session.accessToken });
      if (current && current.status !== ProofingStatus.PROOFING_STATUS_PENDING) return current;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error("proofing still pending after 20 s");
  }

  /** The honest path: sign up, confirm both contacts, AAL2, proofed to IAL2. */
  async honest(person: Person, evidence: StartProofingRequest = evidenceFor(person.name)): Promise<SignedIn> {
    const userId = await this.signUp(person);
    const session = await this.secondFactor(person, await this.login(person));
    const proofing = await this.proof(session, evidence);
    if (proofing.status !== ProofingStatus.PROOFING_STATUS_APPROVED) throw new Error(`proofing rejected: ${proofing.reasons.join(",")}`);
    return { ...session, userId };
  }
}

function signedIn(tokens: Tokens): SignedIn {
  const payload = JSON.parse(Buffer.from(tokens.accessToken.split(".")[1] ?? "", "base64url").toString("utf8")) as { sub: string };
  return { userId: payload.sub, tokens, accessToken: tokens.accessToken };
}
