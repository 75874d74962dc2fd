import { MongoClient } from "mongodb";
import { load, type LoadResult } from "./measure";

/**
 * The store's own rate for the kind of write a debit is compared with: a single-document
 * conditional update (`{_id, balance >= 1}` / `$inc: -1`) on distinct documents, from
 * `concurrency` workers, on the same store the services use, in the same run.
 */
export async function conditionalUpdateRate(storeUri: string, concurrency: number, seconds: number): Promise<LoadResult> {
  const client = new MongoClient(storeUri, { maxPoolSize: concurrency });
  try {
    const collection = client.db(`bench_raw_${process.pid}`).collection<{ _id: string; balance: number }>("balances");
    await collection.deleteMany({});
    await collection.insertMany(Array.from({ length: concurrency }, (_, index) => ({ _id: `doc${index}`, balance: 1_000_000_000 })));
    const result = await load(concurrency, seconds, (worker) => collection.updateOne({ _id: `doc${worker}`, balance: { $gte: 1 } }, { $inc: { balance: -1 } }));
    await client.db(`bench_raw_${process.pid}`).dropDatabase();
    return result;
  } finally {
    await client.close();
  }
}
