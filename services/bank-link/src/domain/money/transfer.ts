import { DomainError, FailedPreconditionError, newId, NotFoundError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { currentTraceId, inSpan, WalletAttributes } from "@wallet/telemetry";
import { type MoneyOutcome } from "../../bank-adapters/bank-adapter";
import { type BankTransferDocument } from "../../store/bank-transfer.model";
import { type LinkDocument } from "../../store/link.model";
import { type BankLinkContext } from "../context";
import { suspendForBankRevocation } from "../links/link-end";
import { assertAllowed, type LinkChange } from "../links/link-state";
import { assertWithinCoolingOff, tokyoDay } from "../policy/cooling-off";

export type Direction = "DEBIT" | "CREDIT";

export interface MoneyThroughLinkInput {
  linkId: string;
  /** The user the payment acts for: the link must be theirs. */
  userId: string;
  currency: string;
  amount: bigint;
  idempotencyKey: string;
  paymentId: string;
}

export interface TransferResult {
  transferId: string;
  bankReference: string;
}

/** Pulls money from the linked account (a top-up). */
export function debitThroughLink(context: BankLinkContext, input: MoneyThroughLinkInput): Promise<TransferResult> {
  return moveThroughLink(context, input, "DEBIT");
}

/** Pays money into the linked account (a withdrawal). */
export function creditThroughLink(context: BankLinkContext, input: MoneyThroughLinkInput): Promise<TransferResult> {
  return moveThroughLink(context, input, "CREDIT");
}

/**
 * 1. The order is appended to the link's chain, decided against the link's exact state: ACTIVE,
 *    and for a debit within the cooling-off limits (the day's total counts every order).
 * 2. The order is recorded (one per key), then the bank is asked through the customer's consent
 *    with a key derived from the order, so a retry never moves money twice.
 * 3. A bank's refusal is final for this key: the order fails, a debit gives back its
 *    cooling-off headroom, and a revoked consent suspends the link.
 */
async function moveThroughLink(context: BankLinkContext, input: MoneyThroughLinkInput, direction: Direction): Promise<TransferResult> {
  const link = await context.models.links.findById(input.linkId).lean();
  if (!link || link.userId !== input.userId) throw new NotFoundError("link");
  const attributes = {
    [WalletAttributes.linkId]: link._id,
    [WalletAttributes.paymentId]: input.paymentId,
    [WalletAttributes.amountMinor]: input.amount.toString(),
    [WalletAttributes.currency]: input.currency,
    [WalletAttributes.bankCode]: link.bankCode,
    [WalletAttributes.accountLast4]: link.accountLast4,
  };
  return inSpan(`bank_link.${direction.toLowerCase()}`, attributes, async (span) => {
    const orderKey = `${direction}:${input.userId}:${input.idempotencyKey}`;
    const consentId = await order(context, link, input, direction, orderKey);
    const transfer = await recordTransfer(context, link, input, direction, orderKey);
    span.setAttribute(WalletAttributes.idempotencyReplay, transfer.state !== "REQUESTED");
    return settle(context, link, transfer, consentId);
  });
}

async function order(context: BankLinkContext, link: LinkDocument, input: MoneyThroughLinkInput, direction: Direction, orderKey: string): Promise<string> {
  const now = context.clock();
  const kind = direction === "DEBIT" ? "DEBIT_ORDERED" : "CREDIT_ORDERED";
  try {
    const { event } = await context.links.append({
      linkId: link._id,
      opKey: orderKey,
      request: { amount: input.amount.toString(), currency: input.currency },
      decide: (head): LinkChange => {
        assertAllowed(head, kind);
        if (direction === "CREDIT") return { kind: "CREDIT_ORDERED", amount: input.amount, currency: input.currency };
        assertWithinCoolingOff(head, context.policy, input.amount, input.currency, now);
        return { kind: "DEBIT_ORDERED", amount: input.amount, currency: input.currency, day: tokyoDay(now) };
      },
    });
    return event.consentId;
  } catch (error) {
    if (error instanceof DomainError && error.kind === "failed_precondition" && error.reason !== "IDEMPOTENCY_KEY_REUSED") {
      await context.events.record(direction === "DEBIT" ? "DEBIT_REFUSED" : "CREDIT_REFUSED", {
        userId: link.userId, linkId: link._id, reason: error.reason, bankCode: link.bankCode, accountLast4: link.accountLast4,
        facts: { ...error.facts, amount: input.amount.toString(), currency: input.currency, payment_id: input.paymentId },
      });
    }
    throw error;
  }
}

async function recordTransfer(context: BankLinkContext, link: LinkDocument, input: MoneyThroughLinkInput, direction: Direction, orderKey: string): Promise<BankTransferDocument> {
  await insertIfAbsent(context.models.bankTransfers, {
    _id: newId("btr"),
    orderKey,
    linkId: link._id,
    direction,
    bankCode: link.bankCode,
    accountLast4: link.accountLast4,
    currency: input.currency,
    amount: input.amount,
    state: "REQUESTED",
    failureReason: "",
    bankReference: "",
    userId: input.userId,
    paymentId: input.paymentId,
    traceId: currentTraceId(),
    createdAt: context.clock(),
  });
  const transfer = await context.models.bankTransfers.findOne({ orderKey }).lean();
  if (!transfer) throw new Error("bank transfer order vanished");
  return transfer;
}

async function settle(context: BankLinkContext, link: LinkDocument, transfer: BankTransferDocument, consentId: string): Promise<TransferResult> {
  if (transfer.state === "SUCCEEDED") return { transferId: transfer._id, bankReference: transfer.bankReference };
  if (transfer.state === "FAILED") throw refusal(transfer.failureReason);
  if (transfer.state === "CANCELLED" || transfer.state === "REVERSED") {
    if (transfer.direction === "DEBIT") await releaseHeadroom(context, link._id, transfer);
    throw new FailedPreconditionError("TRANSFER_CANCELLED", "this order was cancelled; use a new idempotency key for a new one");
  }

  const money = { consentId, currency: transfer.currency, amount: BigInt(transfer.amount), idempotencyKey: transfer._id };
  const outcome: MoneyOutcome = await inSpan(`bank.${transfer.direction.toLowerCase()}`, { [WalletAttributes.linkId]: link._id, [WalletAttributes.bankCode]: link.bankCode }, () =>
    transfer.direction === "DEBIT" ? context.bank.debit(money) : context.bank.credit(money));
  if (outcome.ok) {
    await context.models.bankTransfers.updateOne({ _id: transfer._id }, { $set: { state: "SUCCEEDED", bankReference: outcome.bankReference } });
    return { transferId: transfer._id, bankReference: outcome.bankReference };
  }

  await context.models.bankTransfers.updateOne({ _id: transfer._id }, { $set: { state: "FAILED", failureReason: outcome.reason } });
  if (transfer.direction === "DEBIT") await releaseHeadroom(context, link._id, transfer);
  if (outcome.reason === "CONSENT_REVOKED") await suspendForBankRevocation(context, consentId, "BANK_CONSENT_REVOKED");
  await context.events.record(transfer.direction === "DEBIT" ? "DEBIT_REFUSED" : "CREDIT_REFUSED", {
    userId: link.userId, linkId: link._id, reason: `BANK_${outcome.reason}`, bankCode: link.bankCode, accountLast4: link.accountLast4,
    facts: { transfer_id: transfer._id, payment_id: transfer.paymentId },
  });
  throw refusal(outcome.reason);
}

/** A debit that did not (or no longer) move money gives back its cooling-off headroom, once. */
export async function releaseHeadroom(context: BankLinkContext, linkId: string, transfer: BankTransferDocument): Promise<void> {
  await context.links.append({
    linkId,
    opKey: `release:${transfer._id}`,
    request: {},
    decide: () => ({ kind: "DEBIT_RELEASED", amount: BigInt(transfer.amount), currency: transfer.currency, day: tokyoDay(transfer.createdAt) }),
  });
}

function refusal(bankReason: string): FailedPreconditionError {
  if (bankReason === "CONSENT_REVOKED") {
    return new FailedPreconditionError("LINK_SUSPENDED", "the bank's customer consent for this link has ended; no money moves through it", { bank_reason: bankReason });
  }
  if (bankReason === "INSUFFICIENT_FUNDS") return new FailedPreconditionError("BANK_INSUFFICIENT_FUNDS", "the bank account's balance is too low", { bank_reason: bankReason });
  return new FailedPreconditionError("BANK_REFUSED", "the bank refused the transfer", { bank_reason: bankReason });
}
