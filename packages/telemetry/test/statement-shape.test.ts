import { describe, expect, it } from "vitest";
import { shapeOnlyStatement } from "../src/statement-shape";

describe("db.statement shape", () => {
  it("keeps field names and drops every value", () => {
    const statement = shapeOnlyStatement({
      find: "users",
      filter: { emailIndex: "k9q-secret-index", phone: "+819012345678", nested: { name: "山田太郎" } },
      documents: [{ accountNumber: "1234567" }, { accountNumber: "7654321" }],
    });
    expect(statement).not.toMatch(/secret|8190|山田|1234567|7654321/);
    expect(JSON.parse(statement)).toEqual({
      find: "?",
      filter: { emailIndex: "?", phone: "?", nested: { name: "?" } },
      documents: [{ accountNumber: "?" }],
    });
  });
});
