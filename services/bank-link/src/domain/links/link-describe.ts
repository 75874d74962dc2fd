import { type BankLinkContext } from "../context";
import { loadLink, type LinkView, viewOf } from "./link-view";

export interface LinkDescription {
  link: LinkView;
  /** The account's blind index: the same account gives the same fingerprint, nothing more. */
  accountFingerprint: string;
  /** Links of the user that were ever active. */
  linksOfUser: number;
}

/** What payment's risk engine and sagas need to know about a link of the user they act for. */
export async function describeLink(context: BankLinkContext, input: { userId: string; linkId: string }): Promise<LinkDescription> {
  const loaded = await loadLink(context, input.linkId, input.userId);
  return {
    link: viewOf(context, loaded),
    accountFingerprint: loaded.link.accountFingerprint,
    linksOfUser: await context.models.links.countDocuments({ userId: input.userId, activatedAt: { $ne: null } }),
  };
}

/** The user's links, newest first (at most the latest 50 attempts). */
export async function listLinks(context: BankLinkContext, userId: string): Promise<LinkView[]> {
  const links = await context.models.links.find({ userId }).sort({ createdAt: -1 }).limit(50).lean();
  return Promise.all(links.map(async (link) => viewOf(context, { link, state: await context.links.current(link._id) })));
}
