import { newId, NotFoundError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { currentTraceId, inSpan, WalletAttributes } from "@wallet/telemetry";
import { type BankTransferDocument } from "../../store/bank-transfer.model";
import { type BankLinkContext } from "../context";
import { type Direction, releaseHeadroom } from "./transfer";

export interface CancelTransferInput {
  linkId: string;
  userId: string;
  idempotencyKey: string;
  reverseIfMade: boolean;
  paymentId: string;
}

export type CancelOutcome = "CANCELLED" | "REVERSED" | "ALREADY_MADE";

/**
 * Makes a movement ordered under a key as if it never happened (payment's compensation when a
 * bank was down past the payment's deadline):
 * - no order was recorded yet: a CANCELLED order takes the key, so a late order is refused;
 * - the order failed or was cancelled: nothing happened;
 * - the order is pending or made: the bank cancels or reverses it under the same key, or
 *   reports it made (a withdrawal is never taken back from the customer).
 */
export async function cancelTransfer(context: BankLinkContext, input: CancelTransferInput): Promise<CancelOutcome> {
  const link = await context.models.links.findById(input.linkId).lean();
  if (!link || link.userId !== input.userId) throw new NotFoundError("link");
  return inSpan("bank_link.cancel_transfer", { [WalletAttributes.linkId]: link._id, [WalletAttributes.paymentId]: input.paymentId }, async () => {
    const keys = (["DEBIT", "CREDIT"] as Direction[]).map((direction) => ({ direction, orderKey: `${direction}:${input.userId}:${input.idempotencyKey}` }));
    let transfer = await findOrder(context, keys.map((key) => key.orderKey));
    if (!transfer) {
      for (const { direction, orderKey } of keys) {
        await insertIfAbsent(context.models.bankTransfers, {
          _id: newId("btr"), orderKey, linkId: link._id, direction, bankCode: link.bankCode, accountLast4: link.accountLast4, currency: "XXX", // ISO 4217: no currency
          amount: 0n, state: "CANCELLED", failureReason: "CANCELLED_BEFORE_ORDER", bankReference: "", userId: input.userId,
          paymentId: input.paymentId, traceId: currentTraceId(), createdAt: context.clock(),
        });
      }
      // An order that raced this cancellation and won its key is settled below, at the bank.
      transfer = await findOrder(context, keys.map((key) => key.orderKey), ["REQUESTED", "SUCCEEDED", "REVERSED"]) ?? await findOrder(context, keys.map((key) => key.orderKey));
    }
    if (!transfer) throw new Error("cancelled order vanished");
    switch (transfer.state) {
      case "FAILED":
      case "CANCELLED":
        return "CANCELLED";
      case "REVERSED":
        return "REVERSED";
      case "REQUESTED":
      case "SUCCEEDED": {
        const consentId = (await context.links.current(link._id)).consentId;
        const outcome = await context.bank.cancel({ consentId, direction: transfer.direction, idempotencyKey: transfer._id, reverseIfMade: input.reverseIfMade });
        if (outcome === "ALREADY_MADE") {
          await context.models.bankTransfers.updateOne({ _id: transfer._id, state: "REQUESTED" }, { $set: { state: "SUCCEEDED" } });
          return outcome;
        }
        await context.models.bankTransfers.updateOne({ _id: transfer._id }, { $set: { state: outcome } });
        if (transfer.direction === "DEBIT") await releaseHeadroom(context, link._id, transfer);
        await context.events.record("TRANSFER_CANCELLED", {
          userId: link.userId, linkId: link._id, reason: outcome, bankCode: link.bankCode, accountLast4: link.accountLast4,
          facts: { transfer_id: transfer._id, payment_id: input.paymentId },
        });
        return outcome;
      }
    }
  });
}

async function findOrder(context: BankLinkContext, orderKeys: string[], states?: BankTransferDocument["state"][]): Promise<BankTransferDocument | undefined> {
  const filter = states ? { orderKey: { $in: orderKeys }, state: { $in: states } } : { orderKey: { $in: orderKeys } };
  return (await context.models.bankTransfers.findOne(filter).lean<BankTransferDocument>()) ?? undefined;
}
