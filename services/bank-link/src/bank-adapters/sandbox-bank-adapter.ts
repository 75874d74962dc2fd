import {
  AuthenticationMethod,
  MovementCancelOutcome,
  MovementKind,
  RevocationReason,
  SandboxBankServiceService,
} from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { type ClientOptions, createClient, RemoteError, UnavailableError } from "@wallet/service-kit";
import { type ProofedName } from "../clients/identity";
import {
  type AuthenticationOutcome,
  type BankAccountAddress,
  type BankAdapter,
  type BankRevocationSource,
  type ConsentMoneyOrder,
  type HolderVerdict,
  type MoneyOutcome,
  type RevocationReasonName,
} from "./bank-adapter";

const REVOCATION_REASON: Record<RevocationReasonName, RevocationReason> = {
  UNLINK: RevocationReason.REVOCATION_REASON_OPERATOR_UNLINK,
  REPORTED_UNRECOGNIZED: RevocationReason.REVOCATION_REASON_OPERATOR_REPORTED_UNRECOGNIZED,
  REFUSED: RevocationReason.REVOCATION_REASON_OPERATOR_REFUSED,
};

const AUTHENTICATION_FAILURES: Readonly<Record<string, Exclude<AuthenticationOutcome, { ok: true }>["reason"]>> = {
  AUTHENTICATION_FAILED: "FAILED",
  AUTHENTICATION_EXHAUSTED: "EXHAUSTED",
  AUTHENTICATION_EXPIRED: "EXPIRED",
  PIN_LOCKED: "PIN_LOCKED",
};

/** The sandbox bank over gRPC; bank-link's own signed assertion is its credential at the bank. */
export class SandboxBankAdapter implements BankAdapter {
  private readonly client;

  constructor(options: Omit<ClientOptions, "audience">) {
    this.client = createClient(SandboxBankServiceService, { ...options, audience: "sandbox-bank" });
  }

  async verifyHolder(account: BankAccountAddress, name: ProofedName): Promise<HolderVerdict> {
    try {
      const { match, score } = await this.call((options) => this.client.verifyHolder({ ...account, name }, options));
      return { outcome: match ? "MATCH" : "NO_MATCH", score };
    } catch (error) {
      if (error instanceof RemoteError && error.kind === "not_found") return { outcome: "ACCOUNT_UNKNOWN", score: 0 };
      throw error;
    }
  }

  async startCustomerAuthentication(account: BankAccountAddress, operatorReference: string) {
    const started = await this.call((options) => this.client.startCustomerAuthentication({ ...account, operatorReference }, options));
    if (!started.expiresAt) throw new Error("the bank's authentication has no expiry");
    return {
      authenticationId: started.authenticationId,
      expiresAt: started.expiresAt,
      method: started.method === AuthenticationMethod.AUTHENTICATION_METHOD_PIN_ONLY ? "PIN_ONLY" as const : "PIN_AND_ONE_TIME_CODE" as const,
    };
  }

  async completeCustomerAuthentication(authenticationId: string, pin: string, oneTimeCode: string): Promise<AuthenticationOutcome> {
    try {
      const { consentId } = await this.call((options) => this.client.completeCustomerAuthentication({ authenticationId, pin, oneTimeCode }, options));
      return { ok: true, consentId };
    } catch (error) {
      const reason = error instanceof RemoteError && error.kind === "failed_precondition" ? AUTHENTICATION_FAILURES[error.reason] : undefined;
      if (!reason) throw error;
      return { ok: false, reason, attemptsLeft: Number((error as RemoteError).facts["attempts_left"] ?? 0) };
    }
  }

  async revokeConsent(consentId: string, reason: RevocationReasonName): Promise<void> {
    await this.call((options) => this.client.revokeConsent({ consentId, reason: REVOCATION_REASON[reason] }, options));
  }

  async consentRevocations(since: Date, limit: number): Promise<{ consentId: string; source: BankRevocationSource; revokedAt: Date }[]> {
    const { revocations } = await this.call((options) => this.client.listConsentRevocations({ revokedSince: since, pageSize: limit }, options));
    return revocations.map((revocation) => ({
      consentId: revocation.consentId,
      source: revocation.reason === RevocationReason.REVOCATION_REASON_CUSTOMER_REPORTED_UNRECOGNIZED ? "CUSTOMER_REPORTED_UNRECOGNIZED" : "OPERATOR",
      revokedAt: revocation.revokedAt ?? since,
    }));
  }

  debit(order: ConsentMoneyOrder): Promise<MoneyOutcome> {
    return this.move((options) => this.client.debit(this.movement(order), options));
  }

  credit(order: ConsentMoneyOrder): Promise<MoneyOutcome> {
    return this.move((options) => this.client.credit(this.movement(order), options));
  }

  async cancel(order: { consentId: string; direction: "DEBIT" | "CREDIT"; idempotencyKey: string; reverseIfMade: boolean }) {
    const { outcome } = await this.call((options) => this.client.cancelMovement({
      consentId: order.consentId,
      kind: order.direction === "DEBIT" ? MovementKind.MOVEMENT_KIND_DEBIT : MovementKind.MOVEMENT_KIND_CREDIT,
      idempotencyKey: order.idempotencyKey,
      reverseIfMade: order.reverseIfMade,
    }, options));
    if (outcome === MovementCancelOutcome.MOVEMENT_CANCEL_OUTCOME_REVERSED) return "REVERSED" as const;
    if (outcome === MovementCancelOutcome.MOVEMENT_CANCEL_OUTCOME_ALREADY_MADE) return "ALREADY_MADE" as const;
    return "CANCELLED" as const;
  }

  close(): void {
    this.client.close();
  }

  private movement(order: ConsentMoneyOrder) {
    return { consentId: order.consentId, amount: { currency: order.currency, minorUnits: order.amount }, idempotencyKey: order.idempotencyKey };
  }

  private async move(call: (options: { accessToken: string }) => Promise<{ bankReference: string }>): Promise<MoneyOutcome> {
    try {
      return { ok: true, bankReference: (await this.call(call)).bankReference };
    } catch (error) {
      // The bank refused for good: the movement did not and will not happen under this key.
      if (error instanceof RemoteError && (error.kind === "failed_precondition" || error.kind === "not_found")) {
        return { ok: false, reason: error.kind === "not_found" ? "CONSENT_REVOKED" : error.reason };
      }
      throw error;
    }
  }

  /**
   * The bank authenticates the operator, not our user: no user token goes to the bank. An
   * unreachable bank is UNAVAILABLE (outcome unknown, retry with the same key).
   */
  private async call<T>(body: (options: { accessToken: string }) => Promise<T>): Promise<T> {
    try {
      return await body({ accessToken: "" });
    } catch (error) {
      if (error instanceof RemoteError && (error.kind === "unavailable" || error.kind === "deadline_exceeded")) {
        throw new UnavailableError("BANK_UNAVAILABLE", "the bank could not be reached; retry later");
      }
      if (error instanceof RemoteError && error.kind === "aborted") throw new UnavailableError("BANK_BUSY", "the bank is busy; retry");
      throw error;
    }
  }
}
