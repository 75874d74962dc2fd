/**
 * The `wallet.*` namespace for custom span attributes. Values are identifiers, levels, codes and
 * amounts only: never names, emails, phone numbers, bank account numbers or tokens.
 */
export const WalletAttributes = {
  paymentId: "wallet.payment.id",
  paymentKind: "wallet.payment.kind",
  paymentState: "wallet.payment.state",
  sagaStep: "wallet.saga.step",
  amountMinor: "wallet.amount.minor_units",
  currency: "wallet.amount.currency",
  walletId: "wallet.wallet.id",
  entryId: "wallet.ledger.entry_id",
  linkId: "wallet.bank_link.id",
  linkState: "wallet.bank_link.state",
  /** The bank's holder check: MATCH, NO_MATCH or ACCOUNT_UNKNOWN, and its 0-100 score. */
  holderOutcome: "wallet.bank_link.holder_outcome",
  holderScore: "wallet.bank_link.holder_score",
  bankCode: "wallet.bank.code",
  accountLast4: "wallet.bank.account_last4",
  gateDecision: "wallet.gate.decision",
  gateReason: "wallet.gate.reason",
  gateAction: "wallet.gate.action",
  gateIal: "wallet.gate.ial",
  gateAal: "wallet.gate.aal",
  gateCaller: "wallet.gate.caller_service",
  /** Whether the gate took the user's session and levels from an operation grant, not the store. */
  gateGrant: "wallet.gate.grant",
  /** Whether the gate took the session and user records from identity's cache of live sessions. */
  gateCachedRecords: "wallet.gate.cached_records",
  riskDecision: "wallet.risk.decision",
  riskReasons: "wallet.risk.reasons",
  idempotencyReplay: "wallet.idempotency.replay",
  subjectId: "wallet.subject.id",
} as const;
