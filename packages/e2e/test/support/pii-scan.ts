import { MongoClient } from "mongodb";
import { type TestPlatform } from "@wallet/testing";

/**
 * Where any of the given strings appears in the platform's logs, spans or stored documents. A
 * string of digits (an account or document number) counts only as a whole number: inside a
 * 19-digit nanosecond timestamp any 7 digits would turn up by chance.
 */
export async function findPersonalData(platform: TestPlatform, secrets: string[], databases: string[]): Promise<string[]> {
  const hits: string[] = [];
  const needles = secrets.filter((secret) => secret.length >= 2).map((secret) => ({
    secret,
    found: /^\d+$/.test(secret) ? (haystack: string) => new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(haystack) : (haystack: string) => haystack.includes(secret),
  }));
  const scan = (where: string, haystack: string) => {
    for (const { secret, found } of needles) if (found(haystack)) hits.push(`${where} contains "${secret}"`);
  };
  platform.logs.forEach((entry, index) => scan(`log line ${index} of ${entry.service}`, entry.line));
  platform.sink.spans.forEach((span) => scan(`span ${span.name} of ${span.service}`, JSON.stringify(span, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))));

  const client = new MongoClient(platform.platform.wiring.storeUri);
  try {
    for (const service of databases) {
      const database = client.db(`${platform.platform.wiring.databasePrefix}${service.replace("-", "_")}`);
      for (const collection of await database.listCollections({}, { nameOnly: true }).toArray()) {
        const name = String(collection.name);
        for (const document of await database.collection(name).find().toArray()) {
          scan(`${service}.${name}`, JSON.stringify(document, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)));
        }
      }
    }
  } finally {
    await client.close();
  }
  return hits;
}
