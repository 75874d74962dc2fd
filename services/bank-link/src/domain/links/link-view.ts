import { NotFoundError } from "@wallet/service-kit";
import { type LinkDocument } from "../../store/link.model";
import { type BankLinkContext } from "../context";
import { type BankAuthenticationMethodName, type LinkState, type LinkStateName } from "./link-state";

/** A link as its owner and payment see it: never more of the account number than the last four. */
export interface LinkView {
  linkId: string;
  state: Exclude<LinkStateName, "NEW">;
  bankCode: string;
  branchCode: string;
  accountLast4: string;
  createdAt: Date;
  activatedAt: Date | undefined;
  coolingOffUntil: Date | undefined;
  reason: string;
  bankAuthenticationExpiresAt: Date | undefined;
  bankAuthenticationMethod: BankAuthenticationMethodName | "";
}

export interface LoadedLink {
  link: LinkDocument;
  state: LinkState;
}

/** The user's link with its current state; someone else's link does not exist for them. */
export async function loadLink(context: BankLinkContext, linkId: string, userId: string): Promise<LoadedLink> {
  const link = await context.models.links.findById(linkId).lean();
  if (!link || link.userId !== userId) throw new NotFoundError("link");
  return { link, state: await context.links.current(linkId) };
}

/** A pending link past its bank's expiry shows as FAILED, though nothing has recorded it yet. */
export function bankAuthenticationExpired(state: LinkState, link: LinkDocument, now: Date, pendingLifetimeMs: number): boolean {
  if (state.state !== "AWAITING_BANK_AUTHENTICATION") return false;
  const expiresAt = state.bankAuthenticationExpiresAt ?? new Date(link.createdAt.getTime() + pendingLifetimeMs);
  return expiresAt.getTime() <= now.getTime();
}

export function viewOf(context: BankLinkContext, { link, state }: LoadedLink): LinkView {
  const expired = bankAuthenticationExpired(state, link, context.clock(), context.policy.pendingLinkLifetimeMs);
  return {
    linkId: link._id,
    state: state.state === "NEW" || expired ? "FAILED" : state.state,
    bankCode: link.bankCode,
    branchCode: link.branchCode,
    accountLast4: link.accountLast4,
    createdAt: link.createdAt,
    activatedAt: state.activatedAt ?? undefined,
    coolingOffUntil: state.coolingOffUntil ?? undefined,
    reason: expired ? "BANK_AUTHENTICATION_EXPIRED" : state.state === "NEW" ? "NOT_STARTED" : state.reason,
    bankAuthenticationExpiresAt: state.bankAuthenticationExpiresAt ?? undefined,
    bankAuthenticationMethod: state.bankAuthenticationMethod,
  };
}
