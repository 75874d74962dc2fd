import { newId } from "@wallet/service-kit";
import { type AccessChangeDocument } from "../../store/access-change.model";
import { type IdentityModels } from "../../store/models";

/** What changed: one session, or every session of a user (a revoke-all, a lock, a new IAL). */
export type AccessChange = Pick<AccessChangeDocument, "sessionId" | "userId">;

/**
 * Where identity announces each change to the facts its gate decides on (session revoked, user
 * locked or given a new IAL), after making it: listeners in
 * this process hear it at once, the other replicas read it from the store (GateRecords polls
 * `since`). The time is the wall clock, never a test clock: replicas compare it with their own.
 */
export class AccessChangeFeed {
  private readonly listeners: ((revocation: AccessChange) => void)[] = [];

  constructor(private readonly models: IdentityModels) {}

  async announce(revocation: AccessChange): Promise<void> {
    for (const listener of this.listeners) listener(revocation);
    await this.models.accessChanges.create({ _id: newId("rvk"), ...revocation, at: new Date() });
  }

  onChange(listener: (revocation: AccessChange) => void): void {
    this.listeners.push(listener);
  }

  /** The changes announced at or after `from`, by any replica. */
  since(from: Date): Promise<AccessChangeDocument[]> {
    return this.models.accessChanges.find({ at: { $gte: from } }).lean();
  }

  /** Forgets the changes announced before `before` (no replica reads that far back). */
  async sweep(before: Date): Promise<void> {
    await this.models.accessChanges.deleteMany({ at: { $lt: before } });
  }
}
