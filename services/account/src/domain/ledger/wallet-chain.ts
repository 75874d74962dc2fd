import { AbortedError, FailedPreconditionError } from "@wallet/service-kit";
import { Chain, ChainContended, IdempotencyMismatch } from "@wallet/store-kit";
import { currentTraceId } from "@wallet/telemetry";
import { type LedgerAccountDocument } from "../../store/ledger-account.model";
import { type AccountModels } from "../../store/models";
import { type WalletEventDocument } from "../../store/wallet-event.model";
import { type WalletDirectory } from "./wallet-directory";
import { initialState, nextState, type WalletChange, type WalletState } from "./wallet-state";

export interface WalletAppend {
  walletId: string;
  /** Unique per operation: a second append with the same key is a replay, never a second effect. */
  opKey: string;
  /** The operation's parameters, compared on replay to refuse a key reused for something else. */
  request: Record<string, string>;
  paymentId?: string;
  idempotencyKey?: string;
  /** Decides the change from the current state, or throws a domain error to refuse it. */
  decide(head: WalletState, wallet: LedgerAccountDocument): WalletChange | Promise<WalletChange>;
  /** Work that must precede the event, run when the wallet's turn comes (see store-kit's ChainAppend). */
  prepare?: () => Promise<void>;
}

export interface AppendResult {
  event: WalletEventDocument;
  replayed: boolean;
}

/**
 * A wallet's chain of events (store-kit's Chain): every change to a wallet is one insert at
 * the next position, decided against the exact state it changes.
 */
export class WalletChain {
  private readonly chain: Chain<WalletState, WalletChange, WalletEventDocument>;

  constructor(models: AccountModels, private readonly wallets: WalletDirectory, businessDay: (at: Date) => string, clock?: () => Date) {
    this.chain = new Chain({
      model: models.walletEvents,
      chainField: "walletId",
      initialState: async (walletId) => initialState((await wallets.get(walletId)).initialTier),
      stateOf,
      apply: (previous, walletId, change, at) => nextState(previous, walletId, change, businessDay(at)),
      // A commit reads its hold's reservation back moments after it was written.
      rememberedEvents: 5_000,
      body: (walletId, change, state, at, context) => ({
        walletId,
        kind: change.kind,
        entry: change.entry,
        holdId: change.hold?.holdId ?? "",
        reason: change.reason ?? "",
        outflow: change.outflow,
        balance: state.balance,
        held: state.held,
        frozen: state.frozen,
        tier: state.tier,
        outflowDay: state.outflowDay,
        outflowToday: state.outflowToday,
        openHolds: state.openHolds,
        paymentId: context["paymentId"] ?? "",
        idempotencyKey: context["idempotencyKey"] ?? "",
        traceId: context["traceId"] ?? "",
        at,
      }),
      ...(clock ? { clock } : {}),
    });
  }

  async append(request: WalletAppend): Promise<AppendResult> {
    const wallet = await this.wallets.get(request.walletId);
    try {
      return await this.chain.append({
        chainId: wallet._id,
        opKey: request.opKey,
        request: request.request,
        context: { paymentId: request.paymentId ?? "", idempotencyKey: request.idempotencyKey ?? "", traceId: currentTraceId() },
        decide: (head) => request.decide(head, wallet),
        ...(request.prepare ? { prepare: request.prepare } : {}),
      });
    } catch (error) {
      if (error instanceof IdempotencyMismatch) {
        throw FailedPreconditionError.idempotencyKeyReused(error.fields);
      }
      if (error instanceof ChainContended) throw new AbortedError("WALLET_CONTENDED", "the wallet is changing too fast; retry");
      throw error;
    }
  }

  async head(walletId: string): Promise<WalletState> {
    await this.wallets.get(walletId);
    return this.chain.head(walletId);
  }

  findByOpKey(opKey: string): Promise<WalletEventDocument | undefined> {
    return this.chain.findByOpKey(opKey);
  }

  forget(walletId?: string): void {
    this.chain.forget(walletId);
  }
}

/** The running state an event recorded. */
export function stateOf(event: WalletEventDocument): WalletState {
  return {
    seq: event.seq,
    balance: BigInt(event.balance),
    held: BigInt(event.held),
    frozen: event.frozen,
    tier: event.tier,
    outflowDay: event.outflowDay,
    outflowToday: BigInt(event.outflowToday),
    openHolds: event.openHolds.map((hold) => ({ holdId: hold.holdId, amount: BigInt(hold.amount), expiresAt: new Date(hold.expiresAt) })),
  };
}
