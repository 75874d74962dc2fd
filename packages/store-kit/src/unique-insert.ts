import { type Model } from "mongoose";

/** Duplicate key on a unique index (E11000), as MongoDB and FerretDB both report it. */
export function isDuplicateKeyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 11000 || code === 11001;
}

/**
 * Inserts a document unless one with the same unique key exists; true when this call created
 * it. This is the platform's only compare-and-set: a conditional update is not atomic on every
 * store we run on (FerretDB 1.x reads then writes without a lock), but a unique index is
 * enforced by the store itself, so among concurrent callers exactly one wins.
 */
export async function insertIfAbsent<Doc>(model: Model<Doc>, document: NoInfer<Doc>): Promise<boolean> {
  try {
    await model.create(document);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
