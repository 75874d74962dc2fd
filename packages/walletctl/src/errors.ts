import { status } from "@grpc/grpc-js";
import { RemoteError } from "@wallet/service-kit";

/** Exit codes: 0 success, 1 unexpected failure, 2 usage, 10 + the gRPC status code otherwise. */
export const EXIT_UNEXPECTED = 1;
export const EXIT_USAGE = 2;
export const GRPC_EXIT_BASE = 10;

/** A failure walletctl itself detects (bad flag value, nothing to act on), named like the platform's. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_USAGE, readonly code = "INVALID_ARGUMENT", readonly field = "") {
    super(message);
    this.name = "CliError";
  }

  /** A bad flag value, reported as the platform reports a bad field. */
  static field(field: string, description: string): CliError {
    return new CliError(`INVALID_ARGUMENT: ${field}: ${description}`, GRPC_EXIT_BASE + status.INVALID_ARGUMENT, "INVALID_ARGUMENT", field);
  }
}

export interface DescribedFailure {
  /** One line (plus hints) for a human. */
  message: string;
  exitCode: number;
  /** The same, for --json. */
  json: {
    error: {
      code: string;
      reason: string;
      message: string;
      violations: { field: string; description: string }[];
      facts: Record<string, string>;
      hint?: string;
    };
  };
}

/**
 * Turns a failure into what the user reads: the gRPC status name, then the field violations the
 * service kit put in google.rpc.BadRequest ("INVALID_ARGUMENT: amount.minor_units: must be
 * ..."), or the reason code and message ("PERMISSION_DENIED AAL2_REQUIRED: ...").
 */
export function describeFailure(error: unknown): DescribedFailure {
  if (error instanceof RemoteError) {
    const code = status[error.code] ?? String(error.code);
    const body = error.violations.length > 0
      ? error.violations.map((violation) => `${violation.field}: ${violation.description}`).join("; ")
      : error.detailsMessage;
    const reason = error.violations.length > 0 || !error.reason || error.reason === code ? "" : ` ${error.reason}`;
    const hint = hintFor(error);
    return {
      message: `${code}${reason}: ${body}${hint ? `\n${hint}` : ""}`,
      exitCode: GRPC_EXIT_BASE + error.code,
      json: { error: { code, reason: error.reason, message: error.detailsMessage, violations: error.violations, facts: error.facts, ...(hint ? { hint } : {}) } },
    };
  }
  if (error instanceof CliError) {
    return { message: error.message, exitCode: error.exitCode, json: { error: { code: error.code, reason: "", message: error.message, violations: error.field ? [{ field: error.field, description: error.message }] : [], facts: {} } } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `error: ${message}`, exitCode: EXIT_UNEXPECTED, json: { error: { code: "UNKNOWN", reason: "", message, violations: [], facts: {} } } };
}

function hintFor(error: RemoteError): string | undefined {
  if (error.reason === "STEP_UP_REQUIRED") {
    const challenge = error.facts["challenge_id"] ?? "";
    return `step-up required (challenge ${challenge}): run \`walletctl step-up\` to get a code by SMS, then \`walletctl step-up --code <code>\`, and run this command again`;
  }
  if (error.code === status.UNAVAILABLE && !error.reason) return "is the platform running? (`npm run up`, or set the address flags / WALLET_*_ADDRESS)";
  if (error.reason === "AAL2_REQUIRED") return "verify a second factor first: `walletctl login-code` then `walletctl verify --code <code>`";
  if (error.reason === "IAL2_REQUIRED") return "prove your identity first: `walletctl proof ...`";
  return undefined;
}
