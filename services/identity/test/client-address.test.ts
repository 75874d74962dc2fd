import { describe, expect, it } from "vitest";
import { clientAddress } from "../src/handlers/messages";

// gRPC metadata as the handler sees it: each x-forwarded-for header line is one value.
const callWith = (...forwardedFor: string[]) => ({
  metadata: { get: (key: string) => (key === "x-forwarded-for" ? forwardedFor : []) },
  peer: "10.0.0.7:51234",
});

describe("the client address the throttles key on", () => {
  it("is the entry the trusted edge proxy appended, not one the client wrote before it", () => {
    expect(clientAddress(callWith("198.51.100.1, 203.0.113.9"), true)).toBe("203.0.113.9");
    expect(clientAddress(callWith("198.51.100.1", "203.0.113.9"), true)).toBe("203.0.113.9");
    expect(clientAddress(callWith("203.0.113.9"), true)).toBe("203.0.113.9");
  });

  it("is the TCP peer when the header is not trusted or absent", () => {
    expect(clientAddress(callWith("198.51.100.1, 203.0.113.9"), false)).toBe("10.0.0.7");
    expect(clientAddress(callWith(), true)).toBe("10.0.0.7");
    expect(clientAddress(callWith(" "), true)).toBe("10.0.0.7");
  });
});
