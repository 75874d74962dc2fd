import { describe, expect, it } from "vitest";
import { z } from "zod";
import { InvalidArgumentError } from "../src/errors/domain-errors";
import { idempotencyKey, parseRequest, positiveMoney } from "../src/server/validation";

const schema = z.object({ amount: positiveMoney, idempotencyKey });

describe("request validation", () => {
  it("names each bad field by its proto path", () => {
    let error: unknown;
    try {
      parseRequest(schema, { amount: { currency: "XXQ", minorUnits: -5n }, idempotencyKey: "x" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).violations.map((violation) => violation.field).sort()).toEqual([
      "amount.currency", "amount.minor_units", "idempotency_key",
    ]);
  });

  it("rejects a missing amount and amounts beyond 64 bits", () => {
    expect(() => parseRequest(schema, { idempotencyKey: "key-12345678" })).toThrow(/amount: is required/);
    expect(() => parseRequest(schema, { amount: { currency: "JPY", minorUnits: 2n ** 63n }, idempotencyKey: "key-12345678" })).toThrow(InvalidArgumentError);
    expect(parseRequest(schema, { amount: { currency: "JPY", minorUnits: 1n }, idempotencyKey: "key-12345678" }).amount.minorUnits).toBe(1n);
  });
});
