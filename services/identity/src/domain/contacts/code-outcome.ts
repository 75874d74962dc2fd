import { type VerifyOutcome } from "@wallet/one-time-codes";
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from "@wallet/service-kit";

/** Turns a failed code check into the caller-facing error (attempts left, never the code). */
export function codeFailure(outcome: Extract<VerifyOutcome, { ok: false }>): Error {
  switch (outcome.reason) {
    case "INVALID_CODE":
      return InvalidArgumentError.field("code", `is not the code we sent (${outcome.attemptsLeft} attempts left)`);
    case "TOO_MANY_ATTEMPTS":
      return new FailedPreconditionError("CODE_EXHAUSTED", "too many wrong codes: ask for a new one");
    case "EXPIRED":
      return new FailedPreconditionError("CODE_EXPIRED", "the code expired: ask for a new one");
    case "ALREADY_USED":
      return new FailedPreconditionError("CODE_ALREADY_USED", "the code was already used");
    case "NOT_FOUND":
      return new NotFoundError("challenge");
  }
}
