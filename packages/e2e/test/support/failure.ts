import { RemoteError } from "@wallet/service-kit";
import { expect } from "vitest";

/** Awaits a call that must fail, and returns its typed error. */
export async function failure(call: Promise<unknown>): Promise<RemoteError> {
  const outcome = await call.then(() => "succeeded", (error: unknown) => error);
  expect(outcome, "the call should have failed").toBeInstanceOf(RemoteError);
  return outcome as RemoteError;
}
