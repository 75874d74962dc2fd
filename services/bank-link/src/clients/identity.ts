import { IdentityServiceService } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { type ClientOptions, createClient, FailedPreconditionError, RemoteError } from "@wallet/service-kit";

/** The proofed name in the scripts the bank compares (kanji never leaves the platform). */
export interface ProofedName {
  familyNameKana: string;
  givenNameKana: string;
  familyNameLatin: string;
  givenNameLatin: string;
}

/** What bank-link asks of identity. */
export interface IdentityPort {
  /** The acting user's proofed name (the user's own token is forwarded; only theirs is given). */
  proofedName(userId: string): Promise<ProofedName>;
  /** A notice to the user's confirmed contacts, sent once per key. */
  notify(userId: string, template: string, values: Record<string, string>, idempotencyKey: string): Promise<void>;
}

export class IdentityClient implements IdentityPort {
  private readonly client;

  constructor(options: Omit<ClientOptions, "audience">) {
    this.client = createClient(IdentityServiceService, { ...options, audience: "identity" });
  }

  async proofedName(userId: string): Promise<ProofedName> {
    try {
      const { name } = await this.client.getProofedName({ userId });
      return {
        familyNameKana: name?.familyNameKana ?? "",
        givenNameKana: name?.givenNameKana ?? "",
        familyNameLatin: name?.familyNameLatin ?? "",
        givenNameLatin: name?.givenNameLatin ?? "",
      };
    } catch (error) {
      if (error instanceof RemoteError && error.kind === "not_found") {
        throw new FailedPreconditionError("PROOFED_NAME_UNAVAILABLE", "identity proofing has no name for this user");
      }
      throw error;
    }
  }

  async notify(userId: string, template: string, values: Record<string, string>, idempotencyKey: string): Promise<void> {
    await this.client.notifyUser({ userId, template, values, idempotencyKey });
  }

  close(): void {
    this.client.close();
  }
}
