import { LRUCache } from "lru-cache";

/**
 * A bounded, expiring cache whose entries each belong to a user, so that a change announced
 * for a user drops all of that user's entries at once (GateRecords' sessions, PayeeDirectory's
 * handles). Entries dropped for size or age leave the user index with them.
 */
export class CacheByUser<Value> {
  private readonly cache: LRUCache<string, { userId: string; value: Value }>;
  private readonly keysOfUser = new Map<string, Set<string>>();

  constructor(options: { max: number; ttlMs: number }) {
    this.cache = new LRUCache({
      max: options.max,
      ttl: Math.max(1, options.ttlMs),
      dispose: (entry, key) => this.unindex(entry.userId, key),
    });
  }

  get(key: string): Value | undefined {
    return this.cache.get(key)?.value;
  }

  /** The entry without counting it as used or checking its age. */
  peek(key: string): Value | undefined {
    return this.cache.peek(key)?.value;
  }

  set(key: string, userId: string, value: Value): void {
    this.cache.set(key, { userId, value });
    const keys = this.keysOfUser.get(userId) ?? new Set<string>();
    keys.add(key);
    this.keysOfUser.set(userId, keys);
  }

  delete(key: string): void {
    this.cache.delete(key);
  }

  deleteUser(userId: string): void {
    for (const key of [...(this.keysOfUser.get(userId) ?? [])]) this.cache.delete(key);
  }

  private unindex(userId: string, key: string): void {
    const keys = this.keysOfUser.get(userId);
    keys?.delete(key);
    if (keys?.size === 0) this.keysOfUser.delete(userId);
  }
}
