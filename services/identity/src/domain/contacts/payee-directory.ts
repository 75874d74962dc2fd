import { type IdentityContext } from "../context";
import { CacheByUser } from "../gate/cache-by-user";
import { type GateRecords } from "../gate/gate-records";
import { type Payee, resolvePayee } from "./payee";

export interface PayeeDirectoryOptions {
  /** How long a payee found by handle is reused at most; 0 reads the store on every lookup. */
  cacheTtlMs: number;
  maxEntries?: number;
}

/**
 * Payees found by handle, kept on this replica: every transfer by handle would otherwise read
 * the handle's claim and its holder from the store. A handle is claimed once and never changes
 * hands, so what a cached entry can get wrong is only whether its user may still be paid: a
 * lock, which is announced on the access-change feed like every change that takes access away.
 * The entry therefore lives by the gate's cache rules (GateRecords): dropped when a change
 * names its user, not used while the feed is behind, not kept when a change overtook its read,
 * and never older than the gate cache's TTL. Payees by phone number are always read: a
 * number can pass to another user, and those lookups are rationed anyway.
 */
export class PayeeDirectory {
  private readonly cache: CacheByUser<Payee>;

  constructor(
    private readonly context: IdentityContext,
    private readonly records: GateRecords,
    private readonly options: PayeeDirectoryOptions,
  ) {
    // About 100 bytes an entry: 2,000 recently paid handles cost identity a fraction of a megabyte.
    this.cache = new CacheByUser<Payee>({ max: options.maxEntries ?? 2_000, ttlMs: options.cacheTtlMs });
    records.onDrop((change) => {
      if (change.userId) this.cache.deleteUser(change.userId);
    });
  }

  /** The user a payer means; NOT_FOUND when no one may be paid under that name. */
  async resolve(payee: { handle: string } | { phone: string }): Promise<Payee> {
    if (!("handle" in payee)) return resolvePayee(this.context, payee);
    const handle = payee.handle.toLowerCase();
    const usable = this.options.cacheTtlMs > 0 && this.records.isCurrent();
    const cached = usable ? this.cache.get(handle) : undefined;
    if (cached) return cached;
    const generation = this.records.generation;
    const found = await resolvePayee(this.context, { handle });
    // A sign-up still finishing has claimed the handle before its user carries it: not kept.
    if (usable && found.handle === handle && generation === this.records.generation && this.records.isCurrent()) {
      this.cache.set(handle, found.userId, found);
    }
    return found;
  }
}
