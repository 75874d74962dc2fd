import { InvalidArgumentError } from "@wallet/service-kit";
import { type WalletEventDocument } from "../../store/wallet-event.model";
import { type LedgerContext } from "../ledger/ledger-context";
import { walletDelta } from "../ledger/wallet-state";

export interface StatementPage {
  lines: { event: WalletEventDocument; amount: bigint }[];
  nextPageToken: string;
}

/** The wallet's chain newest first; the page token is the position to continue below. */
export async function statementOf(ledger: LedgerContext, input: { walletId: string; pageSize: number; pageToken: string }): Promise<StatementPage> {
  let before = Number.MAX_SAFE_INTEGER;
  if (input.pageToken) {
    if (!/^\d{1,15}$/.test(input.pageToken)) throw InvalidArgumentError.field("page_token", "is not a token we issued");
    before = Number(input.pageToken);
  }
  const events = await ledger.models.walletEvents
    .find({ walletId: input.walletId, seq: { $lt: before } })
    .sort({ seq: -1 })
    .limit(input.pageSize)
    .lean<WalletEventDocument[]>();
  const last = events.at(-1);
  return {
    lines: events.map((event) => ({ event, amount: walletDelta(event.entry ? { ...event.entry, postings: event.entry.postings.map((posting) => ({ accountId: posting.accountId, amount: BigInt(posting.amount) })) } : null, input.walletId) })),
    nextPageToken: events.length === input.pageSize && last && last.seq > 1 ? String(last.seq) : "",
  };
}
