import { type Model } from "mongoose";
import { isDuplicateKeyError } from "./unique-insert";

/** The envelope every chain event carries. */
export interface ChainEventEnvelope {
  /** "<chainId>:<seq, zero-padded>": the store's own _id uniqueness admits one writer per position. */
  _id: string;
  seq: number;
  /** Unique per operation: a second append with the same key is a replay, never a second effect. */
  opKey: string;
  /** The operation's parameters, compared on replay to refuse a key reused for something else. */
  request: Record<string, string>;
}

export interface ChainState {
  seq: number;
}

export interface ChainDefinition<State extends ChainState, Change, Event extends ChainEventEnvelope> {
  model: Model<Event>;
  /** The field naming the chain an event belongs to (for example "walletId"). */
  chainField: string;
  /** State before the first event. */
  initialState(chainId: string): Promise<State>;
  /** State recorded in an event (the running state after it). */
  stateOf(event: Event): State;
  /** The fold: state after a change. Must be the same function any audit replays. */
  apply(previous: State, chainId: string, change: Change, at: Date): State;
  /**
   * How many events this process keeps by operation key, for chains whose events are read back
   * by key soon after they are written (a hold's reservation, by its commit); 0 by default.
   */
  rememberedEvents?: number;
  /**
   * Forgets what no decision reads any more: for chains whose state lives whole in each event
   * and whose operation keys are never replayed (a throttle's attempts; never a ledger), every
   * event but its chain's head is deleted once older than `afterMs` by `timeField`, looked at
   * every `everyAppends` appends to a chain (20 by default). A head this process cached is then
   * trusted for at most half of `afterMs`: the position after a cached head was written after
   * it was cached, so it is younger than the cache and never pruned, and a process with a stale
   * head still finds it taken instead of writing into a freed position.
   */
  prune?: { timeField: string; afterMs: number; everyAppends?: number };
  /** The event document for a change, without the envelope (but with the chain field). */
  body(chainId: string, change: Change, state: State, at: Date, context: Record<string, string>): Omit<Event, keyof ChainEventEnvelope>;
  clock?: () => Date;
}

export interface ChainAppend<State, Change> {
  chainId: string;
  opKey: string;
  request: Record<string, string>;
  /** Provenance copied into the event (payment id, trace id, ...). */
  context?: Record<string, string>;
  /**
   * Decides the change from the current state, or throws to refuse it. It runs again after a
   * lost race, so any lookup it makes is as fresh as the head it decides on.
   */
  decide(head: State): Change | Promise<Change>;
  /**
   * Runs once when this append's turn on the chain comes, before the first decision: for work
   * that must be durable before the event is written but must not be dated before the wait for
   * the chain (a marker that recovery would otherwise judge abandoned while it queues).
   */
  prepare?: () => Promise<void>;
}

export interface ChainAppendResult<Event> {
  event: Event;
  replayed: boolean;
}

/** A key reused with different parameters; the fields that differ are named. */
export class IdempotencyMismatch extends Error {
  constructor(readonly fields: string[]) {
    super(`idempotency key reused with a different ${fields.join(", ")}`);
    this.name = "IdempotencyMismatch";
  }
}

/** Too many lost races on one chain in a row; the caller may retry. */
export class ChainContended extends Error {
  constructor() {
    super("chain contended");
    this.name = "ChainContended";
  }
}

const MAX_ATTEMPTS = 25;
const MAX_CACHED_HEADS = 100_000;

export function chainEventId(chainId: string, seq: number): string {
  return `${chainId}:${String(seq).padStart(12, "0")}`;
}

/**
 * An append-only chain of state changes per key (a wallet, a bank account), each event holding
 * the running state after it. All appends to one chain are serialised: in this process by a
 * per-chain queue, across processes by the unique _id of each chain position (a writer that
 * lost the race re-reads the head and decides again). Every decision is therefore made against
 * the exact state it changes — without multi-document transactions and without relying on
 * atomic conditional updates, which FerretDB 1.x does not provide.
 */
export class Chain<State extends ChainState, Change, Event extends ChainEventEnvelope> {
  /** Each chain's head as this process last saw it, and when (by the chain's clock). */
  private readonly heads = new Map<string, { state: State; seenAt: number }>();
  /** Events are never changed or deleted, so one written or read here stays right. */
  private readonly events = new Map<string, Event>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly definition: ChainDefinition<State, Change, Event>) {}

  append(request: ChainAppend<State, Change>): Promise<ChainAppendResult<Event>> {
    return this.serialised(request.chainId, async () => {
      await request.prepare?.();
      return this.appendNow(request);
    });
  }

  /** The chain's current state. */
  head(chainId: string): Promise<State> {
    return this.serialised(chainId, () => this.loadHead(chainId));
  }

  /**
   * The event an operation key produced, if it ran. A found event may be kept (see
   * `rememberedEvents`: an event never changes); "not found" is always asked of the store, where
   * another process may have appended it.
   */
  async findByOpKey(opKey: string): Promise<Event | undefined> {
    const known = this.events.get(opKey);
    if (known) return known;
    const found = (await this.definition.model.findOne({ opKey }).lean<Event>()) ?? undefined;
    if (found) this.rememberEvent(found);
    return found;
  }

  /**
   * Drops a chain's cached head, so its next decision is made on the store's (another process
   * may have moved it on); without a chain, everything this process keeps, as a restart would.
   * Cached events stay otherwise: an event never changes.
   */
  forget(chainId?: string): void {
    if (chainId !== undefined) {
      this.heads.delete(chainId);
      return;
    }
    this.heads.clear();
    this.events.clear();
  }

  private async appendNow(request: ChainAppend<State, Change>): Promise<ChainAppendResult<Event>> {
    const { definition } = this;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const cached = this.cachedHead(request.chainId) !== undefined;
      const head = await this.loadHead(request.chainId);
      let change: Change;
      try {
        change = await request.decide(head);
      } catch (refusal) {
        // A replay of an operation that succeeded returns its result even if the same
        // decision would be refused now (the first attempt already changed the state).
        const replay = await this.findReplay(request);
        if (replay) return replay;
        // Another process may have moved the chain on since this process cached its head (a
        // credit that makes a debit possible): a refusal only stands on the store's own head.
        if (cached) {
          this.heads.delete(request.chainId);
          continue;
        }
        throw refusal;
      }
      const at = this.now();
      const state = definition.apply(head, request.chainId, change, at);
      const event = {
        _id: chainEventId(request.chainId, state.seq),
        seq: state.seq,
        opKey: request.opKey,
        request: request.request,
        ...definition.body(request.chainId, change, state, at, request.context ?? {}),
      } as unknown as Event;
      try {
        await definition.model.collection.insertOne(event as never);
        this.remember(request.chainId, state);
        this.rememberEvent(event);
        await this.pruneBehind(request.chainId, state.seq);
        return { event, replayed: false };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const replay = await this.findReplay(request);
        if (replay) return replay;
        this.heads.delete(request.chainId); // another writer took this position: re-read
      }
    }
    throw new ChainContended();
  }

  private async findReplay(request: ChainAppend<State, Change>): Promise<ChainAppendResult<Event> | undefined> {
    const existing = await this.findByOpKey(request.opKey);
    if (!existing) return undefined;
    const mismatched = Object.keys(request.request).filter((field) => existing.request[field] !== request.request[field]);
    if (mismatched.length > 0) throw new IdempotencyMismatch(mismatched);
    return { event: existing, replayed: true };
  }

  private async loadHead(chainId: string): Promise<State> {
    const cached = this.cachedHead(chainId);
    if (cached) return cached;
    const last = await this.definition.model
      .findOne({ [this.definition.chainField]: chainId })
      .sort({ seq: -1 })
      .lean<Event>();
    const state = last ? this.definition.stateOf(last) : await this.definition.initialState(chainId);
    this.remember(chainId, state);
    return state;
  }

  private remember(chainId: string, state: State): void {
    if (this.heads.size >= MAX_CACHED_HEADS) this.heads.clear();
    this.heads.set(chainId, { state, seenAt: this.now().getTime() });
  }

  /** The cached head, unless pruning makes it too old to trust (see `prune`). */
  private cachedHead(chainId: string): State | undefined {
    const cached = this.heads.get(chainId);
    if (!cached) return undefined;
    const prune = this.definition.prune;
    if (prune && this.now().getTime() - cached.seenAt > prune.afterMs / 2) {
      this.heads.delete(chainId);
      return undefined;
    }
    return cached.state;
  }

  /** Deletes the chain's events behind `headSeq` older than the retention (see `prune`). */
  private async pruneBehind(chainId: string, headSeq: number): Promise<void> {
    const prune = this.definition.prune;
    if (!prune || headSeq % (prune.everyAppends ?? 20) !== 0) return;
    const cutoff = new Date(this.now().getTime() - prune.afterMs);
    try {
      await this.definition.model.deleteMany({ [this.definition.chainField]: chainId, seq: { $lt: headSeq }, [prune.timeField]: { $lt: cutoff } } as never);
    } catch {
      // Housekeeping only: the event is written, and the chain's next prune deletes these too.
    }
  }

  private now(): Date {
    return (this.definition.clock ?? (() => new Date()))();
  }

  private rememberEvent(event: Event): void {
    const limit = this.definition.rememberedEvents ?? 0;
    if (limit <= 0) return;
    if (this.events.size >= limit) this.events.clear();
    this.events.set(event.opKey, event);
  }

  private serialised<T>(chainId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(chainId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const settled = result.then(() => undefined, () => undefined);
    this.queues.set(chainId, settled);
    void settled.then(() => {
      if (this.queues.get(chainId) === settled) this.queues.delete(chainId);
    });
    return result;
  }
}
