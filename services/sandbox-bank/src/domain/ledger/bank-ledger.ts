import { AbortedError, FailedPreconditionError, newId } from "@wallet/service-kit";
import { Chain, ChainContended, IdempotencyMismatch } from "@wallet/store-kit";
import { type BankAccountDocument } from "../../store/bank-account.model";
import { type SandboxBankModels } from "../../store/models";
import { type MovementDocument } from "../../store/movement.model";

interface AccountState {
  seq: number;
  balance: bigint;
  activeConsents: string[];
}

type AccountChange =
  | { kind: "DEBITED" | "CREDITED" | "REVERSED"; amount: bigint; consentId: string }
  | { kind: "MOVEMENT_CANCELLED"; consentId: string }
  | { kind: "CONSENT_GRANTED"; consentId: string }
  | { kind: "CONSENT_REVOKED"; consentId: string; reason: string };

export interface MovementInput {
  account: BankAccountDocument;
  /** The consent the money moves through: refused unless it is live at that exact moment. */
  consentId: string;
  amount: bigint;
  currency: string;
  /** The wallet operator's idempotency key: a retried movement happens once. */
  idempotencyKey: string;
}

function isMoney(change: AccountChange): change is Extract<AccountChange, { amount: bigint }> {
  return change.kind === "DEBITED" || change.kind === "CREDITED" || change.kind === "REVERSED";
}

export type CancelOutcome = "CANCELLED" | "REVERSED" | "ALREADY_MADE";

/** Thrown inside a decision: the consent is not live (a replay still returns its first result). */
/** Thrown inside a cancellation's decision: the movement was made first. */
class MovementMade extends Error {}

class ConsentNotActive extends FailedPreconditionError {
  constructor() {
    super("CONSENT_REVOKED", "the customer's consent for this link is not active");
  }
}

/**
 * A customer account as a chain of events: money movements and the consents they go through.
 * A debit never takes an account below zero and never goes through a revoked consent, and a
 * retried operation happens once, on any store.
 */
export class BankLedger {
  private readonly chain: Chain<AccountState, AccountChange, MovementDocument>;

  constructor(private readonly models: SandboxBankModels) {
    this.chain = new Chain({
      model: models.movements,
      chainField: "accountId",
      initialState: async (accountId) => {
        const account = await models.bankAccounts.findById(accountId, { openingBalance: 1 }).lean();
        return { seq: 0, balance: BigInt(account?.openingBalance ?? 0n), activeConsents: [] };
      },
      stateOf: (event) => ({ seq: event.seq, balance: BigInt(event.balance), activeConsents: [...event.activeConsents] }),
      apply: (previous, _accountId, change) => ({
        seq: previous.seq + 1,
        balance: previous.balance + (isMoney(change) ? change.amount : 0n),
        activeConsents: change.kind === "CONSENT_GRANTED"
          ? [...previous.activeConsents, change.consentId]
          : change.kind === "CONSENT_REVOKED"
            ? previous.activeConsents.filter((consent) => consent !== change.consentId)
            : previous.activeConsents,
      }),
      body: (accountId, change, state, at) => ({
        accountId,
        kind: change.kind,
        amount: isMoney(change) ? change.amount : 0n,
        balance: state.balance,
        activeConsents: state.activeConsents,
        consentId: change.consentId,
        revocationReason: change.kind === "CONSENT_REVOKED" ? change.reason : "",
        reference: newId("bref"),
        at,
      }),
    });
  }

  async balance(accountId: string): Promise<bigint> {
    return (await this.chain.head(accountId)).balance;
  }

  async activeConsents(accountId: string): Promise<string[]> {
    return (await this.chain.head(accountId)).activeConsents;
  }

  /** Debits a customer's account into the wallet operator's settlement account. */
  debit(input: MovementInput): Promise<MovementDocument> {
    return this.move(input, "DEBITED", -input.amount);
  }

  /** Credits a customer's account from the wallet operator's settlement account. */
  credit(input: MovementInput): Promise<MovementDocument> {
    return this.move(input, "CREDITED", input.amount);
  }

  /** Makes a consent live (idempotent). */
  async grant(accountId: string, consentId: string): Promise<void> {
    await this.append(accountId, `CONSENT_GRANTED:${consentId}`, { consent: consentId }, (head) => {
      if (head.activeConsents.includes(consentId)) throw new FailedPreconditionError("CONSENT_ALREADY_ACTIVE", "the consent is already active");
      return { kind: "CONSENT_GRANTED", consentId };
    });
  }

  async isGranted(consentId: string): Promise<boolean> {
    return (await this.chain.findByOpKey(`CONSENT_GRANTED:${consentId}`)) !== undefined;
  }

  /** Ends a consent for good; false when it was not live (already revoked, or never granted). */
  async revoke(accountId: string, consentId: string, reason: string): Promise<boolean> {
    try {
      const { replayed } = await this.append(accountId, `CONSENT_REVOKED:${consentId}`, { consent: consentId }, (head) => {
        if (!head.activeConsents.includes(consentId)) throw new ConsentNotActive();
        return { kind: "CONSENT_REVOKED", consentId, reason };
      });
      return !replayed;
    } catch (error) {
      if (error instanceof ConsentNotActive) return false;
      // A second revocation with another reason is still "already revoked", not a misuse.
      if (error instanceof FailedPreconditionError && error.reason === "IDEMPOTENCY_KEY_REUSED") return false;
      throw error;
    }
  }

  /** The revocation of a consent, if it happened. */
  async revocationOf(consentId: string): Promise<MovementDocument | undefined> {
    return this.chain.findByOpKey(`CONSENT_REVOKED:${consentId}`);
  }

  /** Revocations at or after a time, oldest first. */
  async revocationsSince(since: Date, limit: number): Promise<MovementDocument[]> {
    return this.models.movements.find({ kind: "CONSENT_REVOKED", at: { $gte: since } }).sort({ at: 1, _id: 1 }).limit(limit).lean();
  }

  /**
   * Makes the movement ordered under a key as if it never happened. The movement and its
   * cancellation are decided on the same chain (each checks for the other inside its decision),
   * so exactly one of them wins: either the money moved, or it never will under this key.
   */
  async cancel(input: { account: BankAccountDocument; kind: "DEBITED" | "CREDITED"; idempotencyKey: string; reverseIfMade: boolean }): Promise<CancelOutcome> {
    const movedKey = `${input.kind}:${input.idempotencyKey}`;
    let made = await this.chain.findByOpKey(movedKey);
    if (!made) {
      try {
        await this.append(input.account._id, `CANCELLED:${movedKey}`, {}, async () => {
          if (await this.chain.findByOpKey(movedKey)) throw new MovementMade();
          return { kind: "MOVEMENT_CANCELLED", consentId: "" };
        });
        return "CANCELLED";
      } catch (error) {
        if (!(error instanceof MovementMade)) throw error;
        made = await this.chain.findByOpKey(movedKey);
      }
    }
    if (!made) throw new Error("a movement reported made was not found");
    if (!input.reverseIfMade) return "ALREADY_MADE";
    const amount = -BigInt(made.amount);
    await this.append(input.account._id, `REVERSED:${movedKey}`, {}, (head) => {
      if (head.balance + amount < 0n) throw new FailedPreconditionError("INSUFFICIENT_FUNDS", "the account balance is too low to reverse the movement");
      return { kind: "REVERSED", amount, consentId: made.consentId };
    });
    return "REVERSED";
  }

  /** The account's money movements, newest first. */
  async movements(accountId: string, limit: number): Promise<MovementDocument[]> {
    return this.models.movements
      .find({ accountId, kind: { $in: ["DEBITED", "CREDITED", "REVERSED", "MOVEMENT_CANCELLED"] } })
      .sort({ seq: -1 })
      .limit(limit)
      .lean();
  }

  private async move(input: MovementInput, kind: "DEBITED" | "CREDITED", amount: bigint): Promise<MovementDocument> {
    const { account } = input;
    if (account.currency !== input.currency) throw new FailedPreconditionError("CURRENCY_MISMATCH", "the account is held in another currency");
    const { event } = await this.append(
      account._id,
      `${kind}:${input.idempotencyKey}`,
      { account: account._id, consent: input.consentId, amount: input.amount.toString(), currency: input.currency },
      async (head) => {
        if (await this.chain.findByOpKey(`CANCELLED:${kind}:${input.idempotencyKey}`)) {
          throw new FailedPreconditionError("MOVEMENT_CANCELLED", "the operator cancelled this movement");
        }
        if (!head.activeConsents.includes(input.consentId)) throw new ConsentNotActive();
        if (head.balance + amount < 0n) throw new FailedPreconditionError("INSUFFICIENT_FUNDS", "the account balance is too low");
        return { kind, amount, consentId: input.consentId };
      },
    );
    return event;
  }

  private async append(accountId: string, opKey: string, request: Record<string, string>, decide: (head: AccountState) => AccountChange | Promise<AccountChange>) {
    try {
      return await this.chain.append({ chainId: accountId, opKey, request, decide });
    } catch (error) {
      if (error instanceof IdempotencyMismatch) {
        throw new FailedPreconditionError("IDEMPOTENCY_KEY_REUSED", `key first used with a different ${error.fields.join(", ")}`);
      }
      if (error instanceof ChainContended) throw new AbortedError("ACCOUNT_CONTENDED", "retry");
      throw error;
    }
  }
}
