import { DomainError, RemoteError } from "@wallet/service-kit";
import { businessCounter } from "@wallet/telemetry";

const attempts = businessCounter("wallet.bank_link.attempts", "Bank link attempts by stage (start, confirm) and outcome", "{attempt}");

/**
 * Runs one stage of a link attempt and counts how it ended: the success outcome (STARTED,
 * ACTIVATED) or the refusal's reason code (HOLDER_MISMATCH, BANK_AUTHENTICATION_FAILED,
 * LINK_ATTEMPTS_THROTTLED, INVALID_ARGUMENT, ...). Reason codes are a closed set; nothing about
 * the user or the account is a label.
 */
export async function countedAttempt<T>(stage: "start" | "confirm", success: string, body: () => Promise<T>): Promise<T> {
  try {
    const result = await body();
    attempts.add({ stage, outcome: success });
    return result;
  } catch (error) {
    attempts.add({ stage, outcome: outcomeOf(error) });
    throw error;
  }
}

function outcomeOf(error: unknown): string {
  if (error instanceof DomainError) return error.reason;
  // A dependency (identity, the bank) failed in a way the domain did not translate.
  if (error instanceof RemoteError) return "DEPENDENCY_FAILED";
  return "INTERNAL";
}
