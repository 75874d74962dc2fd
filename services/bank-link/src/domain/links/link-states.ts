import { AbortedError, FailedPreconditionError } from "@wallet/service-kit";
import { Chain, type ChainAppendResult, ChainContended, IdempotencyMismatch } from "@wallet/store-kit";
import { type LinkChangeDocument } from "../../store/link-change.model";
import { type BankLinkModels } from "../../store/models";
import { applyLinkChange, assertAllowed, INITIAL_LINK_STATE, type LinkChange, type LinkState } from "./link-state";

export interface LinkAppend {
  linkId: string;
  /** Unique per operation: a repeated append is a replay, never a second change. */
  opKey: string;
  request?: Record<string, string>;
  /** Decides the change from the exact current state, or throws to refuse it. */
  decide(head: LinkState): LinkChange;
}

/**
 * Every link as a chain of changes: a change is decided against the link's exact state and
 * inserted at the next position, so two changes can never both be decided against the same
 * state (a debit cannot slip past a suspension, a link cannot be activated twice).
 */
export class LinkStates {
  private readonly chain: Chain<LinkState, LinkChange, LinkChangeDocument>;

  constructor(private readonly models: BankLinkModels, clock: () => Date) {
    this.chain = new Chain({
      model: models.linkChanges,
      chainField: "linkId",
      initialState: () => Promise.resolve(INITIAL_LINK_STATE),
      stateOf: stateOfChange,
      apply: (previous, _linkId, change) => applyLinkChange(previous, change),
      body: (linkId, change, state, at) => {
        const { seq: _seq, ...snapshot } = state;
        const money = "amount" in change ? { amount: change.amount, currency: change.currency } : { amount: 0n, currency: "" };
        return { linkId, kind: change.kind, ...snapshot, state: state.state, ...money, at };
      },
      clock,
    });
  }

  /** Appends a change the current state allows (checked before `decide`). */
  async append(request: LinkAppend): Promise<ChainAppendResult<LinkChangeDocument>> {
    // A head cached by this process may be older than the store's when several instances run;
    // an older head can only wrongly *refuse* (an allowed change collides and re-reads), and a
    // link changes rarely, so every change is decided against the store's head.
    this.chain.forget(request.linkId);
    try {
      return await this.chain.append({
        chainId: request.linkId,
        opKey: request.opKey,
        request: request.request ?? {},
        decide: (head) => {
          const change = request.decide(head);
          assertAllowed(head, change.kind);
          return change;
        },
      });
    } catch (error) {
      if (error instanceof IdempotencyMismatch) {
        throw FailedPreconditionError.idempotencyKeyReused(error.fields);
      }
      if (error instanceof ChainContended) throw new AbortedError("LINK_CONTENDED", "the link is busy; retry");
      throw error;
    }
  }

  /** The link's current state, read from the store (never a cached head another process outran). */
  async current(linkId: string): Promise<LinkState> {
    const last = await this.models.linkChanges.findOne({ linkId }).sort({ seq: -1 }).lean<LinkChangeDocument>();
    return last ? stateOfChange(last) : INITIAL_LINK_STATE;
  }

  /** The link a bank consent belongs to. */
  async linkOfConsent(consentId: string): Promise<string | undefined> {
    return (await this.models.linkChanges.findOne({ consentId, kind: "ACTIVATED" }, { linkId: 1 }).lean())?.linkId;
  }
}

function stateOfChange(event: LinkChangeDocument): LinkState {
  return {
    seq: event.seq,
    state: event.state,
    bankAuthenticationId: event.bankAuthenticationId,
    bankAuthenticationExpiresAt: event.bankAuthenticationExpiresAt ?? null,
    bankAuthenticationMethod: event.bankAuthenticationMethod as LinkState["bankAuthenticationMethod"],
    consentId: event.consentId,
    activatedAt: event.activatedAt ?? null,
    coolingOffUntil: event.coolingOffUntil ?? null,
    reason: event.reason,
    debitDay: event.debitDay,
    debitedThatDay: BigInt(event.debitedThatDay),
  };
}
