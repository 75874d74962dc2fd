import { type LinkDocument } from "../../store/link.model";
import { type BankLinkContext } from "../context";

export type LinkNotice = "bank_link_started" | "bank_link_activated" | "bank_link_suspended";

/**
 * Tells the wallet user (identity sends it to their confirmed email and phone), once per key.
 * A notice that cannot be sent does not undo the change it reports: it is logged and recorded
 * for the fraud team instead. The notice names the bank and the last four digits only.
 */
export async function tellWalletUser(context: BankLinkContext, link: LinkDocument, notice: LinkNotice, occasion: string = notice): Promise<void> {
  try {
    await context.identity.notify(link.userId, notice, { bank_code: link.bankCode, account_ending: link.accountLast4 }, `${link._id}:${occasion}`);
  } catch (error) {
    context.logger.warn({ link_id: link._id, template: notice, err_type: error instanceof Error ? error.name : typeof error }, "notice to the wallet user not sent");
    await context.events.record("NOTICE_FAILED", { userId: link.userId, linkId: link._id, reason: notice, bankCode: link.bankCode, accountLast4: link.accountLast4 });
  }
}
