import { type IdentityModels } from "../../store/models";
import { type SessionDocument } from "../../store/session.model";
import { type UserDocument } from "../../store/user.model";
import { type AccessChange, type AccessChangeFeed } from "./access-change-feed";
import { CacheByUser } from "./cache-by-user";

export type GateSessionRecord = Pick<SessionDocument, "_id" | "userId" | "aal" | "revokedAt" | "authenticatedAt" | "lastSeenAt">;
export type GateUserRecord = Pick<UserDocument, "ial" | "lockedAt">;

/** The records the gate decides on, and whether they came from this replica's cache. */
export interface GateRecordsRead {
  session: GateSessionRecord | null;
  user: GateUserRecord | null;
  cached: boolean;
}

export interface GateRecordsOptions {
  /** How long a live session's records are reused at most; 0 reads the store on every call. */
  cacheTtlMs: number;
  /** How often the access-change feed is read: how long another replica's change takes to apply here. */
  pollIntervalMs: number;
  maxEntries?: number;
}

interface Entry {
  session: GateSessionRecord;
  user: GateUserRecord;
}

// Changes are read again for this long after they were first due, so one whose insert
// commits late, or whose replica's clock runs a little behind, is still seen.
const FEED_OVERLAP_MS = 5_000;
// Far longer than any poll gap the cache survives (see isCurrent), so no replica misses one.
const FEED_RETENTION_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * The session and user records the gate reads on every call, cached per session on this
 * replica while they grant access (session live, user not locked). Every change to them
 * (revocation, revoke-all, lock, a user's new IAL) is announced on the AccessChangeFeed after
 * it is written: this replica drops the records at once, the others within one poll of the
 * feed. A session raised to AAL2 is not announced: it reaches the cache with its new tokens,
 * whose AAL is above the cached session's, so the store is read for them. Fail-closed: when the feed has not been read
 * for a few polls, the cache is not used, and a read that a change overtook is not cached.
 *
 * The staleness bound: normally one poll interval (200 ms by default). A change whose
 * announcement is lost (its replica crashed between the write and the announcement, or its
 * clock is more than 5 s behind) lasts at most the cache's TTL; a lost raise only makes the
 * gate deny, and a cached denial is read again (see LocalAuthorizer).
 */
export class GateRecords {
  private readonly cache: CacheByUser<Entry>;
  /** Bumped on every drop: a read that overlapped one does not fill the cache. */
  private generationCount = 0;
  private readonly dropListeners: ((change: AccessChange) => void)[] = [];
  private lastPollStartedAt = Number.NEGATIVE_INFINITY;
  private lastSweepAt = 0;
  private readonly seenChanges = new Map<string, number>();

  constructor(
    private readonly models: IdentityModels,
    private readonly feed: AccessChangeFeed,
    private readonly options: GateRecordsOptions,
  ) {
    // 5,000 sessions a replica by default: the cache's slots are allocated up front (about 40
    // bytes each); past that, the least recently used sessions are read from the store again.
    this.cache = new CacheByUser<Entry>({ max: options.maxEntries ?? 5_000, ttlMs: options.cacheTtlMs });
    feed.onChange((change) => this.drop(change));
  }

  /** The records for a token of `userId` at `tokenAal` naming `sessionId`; `fresh` skips the cache. */
  async read(sessionId: string, userId: string, options: { tokenAal?: number; fresh?: boolean } = {}): Promise<GateRecordsRead> {
    const cached = options.fresh ? undefined : this.cached(sessionId, userId, options.tokenAal ?? 0);
    if (cached) return cached;
    const generation = this.generationCount;
    const [session, user] = await Promise.all([
      this.models.sessions.findById(sessionId, { aal: 1, revokedAt: 1, userId: 1, authenticatedAt: 1, lastSeenAt: 1 }).lean<GateSessionRecord>(),
      this.models.users.findById(userId, { ial: 1, lockedAt: 1 }).lean<GateUserRecord>(),
    ]);
    if (session && user && session.userId === userId && session.revokedAt === null && user.lockedAt === null
      && generation === this.generationCount && this.isCurrent()) {
      this.cache.set(sessionId, userId, { session, user });
    }
    return { session, user, cached: false };
  }

  /**
   * Counts the changes applied on this replica: a cache elsewhere (the payee directory) that
   * compares it before and after a read knows whether a change overtook the read.
   */
  get generation(): number {
    return this.generationCount;
  }

  /** Tells `listener` of every change this replica applies: its own at once, others' at each poll. */
  onDrop(listener: (change: AccessChange) => void): void {
    this.dropListeners.push(listener);
  }

  /** The records from the cache alone, if it may answer for this token; never reads the store. */
  cached(sessionId: string, userId: string, tokenAal: number): GateRecordsRead | undefined {
    if (!this.isCurrent()) return undefined;
    const entry = this.cache.get(sessionId);
    return entry && entry.session.userId === userId && entry.session.aal >= tokenAal ? { ...entry, cached: true } : undefined;
  }

  /** The session was just marked as seen: the cached copy follows, so it is not written again each call. */
  touched(sessionId: string, at: Date): void {
    const entry = this.cache.peek(sessionId);
    if (entry) entry.session.lastSeenAt = at;
  }

  /** Reads the feed now and then every poll interval until the returned function is called. */
  follow(onError: (error: unknown) => void): () => void {
    if (this.options.cacheTtlMs <= 0) return () => undefined;
    let polling = false;
    const round = () => {
      if (polling) return;
      polling = true;
      this.poll().catch(onError).finally(() => {
        polling = false;
      });
    };
    round();
    const timer = setInterval(round, this.options.pollIntervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** One read of the feed: drops the records of every change not seen yet. */
  async poll(): Promise<void> {
    const startedAt = Date.now();
    const from = (Number.isFinite(this.lastPollStartedAt) ? this.lastPollStartedAt : startedAt) - FEED_OVERLAP_MS;
    for (const change of await this.feed.since(new Date(from))) {
      if (this.seenChanges.has(change._id)) continue;
      this.seenChanges.set(change._id, change.at.getTime());
      this.drop(change);
    }
    for (const [id, at] of this.seenChanges) if (at < from) this.seenChanges.delete(id);
    this.lastPollStartedAt = startedAt;
    if (startedAt - this.lastSweepAt > SWEEP_EVERY_MS) {
      this.lastSweepAt = startedAt;
      await this.feed.sweep(new Date(startedAt - FEED_RETENTION_MS));
    }
  }

  /** Whether a cache that follows the feed may answer: it is on, and the feed was read recently enough. */
  isCurrent(): boolean {
    return this.options.cacheTtlMs > 0 && Date.now() - this.lastPollStartedAt <= Math.max(1_000, 5 * this.options.pollIntervalMs);
  }

  private drop(change: AccessChange): void {
    this.generationCount += 1;
    for (const listener of this.dropListeners) listener(change);
    if (change.sessionId) this.cache.delete(change.sessionId);
    if (change.userId) this.cache.deleteUser(change.userId);
  }
}
