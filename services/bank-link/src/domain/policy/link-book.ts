import { AlreadyExistsError, FailedPreconditionError } from "@wallet/service-kit";
import { Chain } from "@wallet/store-kit";
import { type BankLinkModels } from "../../store/models";
import { type LinkBookDocument, type OpenLink } from "../../store/policy-chains.model";

interface BookState {
  seq: number;
  openLinks: OpenLink[];
}

type BookChange = { kind: "OPENED"; link: OpenLink } | { kind: "CLOSED"; linkId: string };

/**
 * The links each user holds open (pending, active or suspended). Opening one is an append
 * decided against the user's exact list, so concurrent StartLinks can neither overshoot the
 * per-user limit nor open two links to the same bank account (which would double its
 * cooling-off allowance).
 */
export class LinkBook {
  private readonly chain: Chain<BookState, BookChange, LinkBookDocument>;

  constructor(private readonly models: BankLinkModels, private readonly maxLinks: number, clock: () => Date) {
    this.chain = new Chain({
      model: models.linkBooks,
      chainField: "userId",
      initialState: () => Promise.resolve({ seq: 0, openLinks: [] }),
      stateOf: (event) => ({ seq: event.seq, openLinks: event.openLinks.map(({ linkId, account }) => ({ linkId, account })) }),
      apply: (previous, _userId, change) => ({
        seq: previous.seq + 1,
        openLinks: change.kind === "OPENED" ? [...previous.openLinks, change.link] : previous.openLinks.filter((open) => open.linkId !== change.linkId),
      }),
      body: (userId, change, state, at) => ({ userId, kind: change.kind, linkId: change.kind === "OPENED" ? change.link.linkId : change.linkId, openLinks: state.openLinks, at }),
      clock,
    });
  }

  /**
   * Takes one of the user's places for a new link to an account, or refuses with
   * LINK_LIMIT_REACHED or LINK_EXISTS (the account already has an open link of this user).
   */
  async open(userId: string, link: OpenLink): Promise<void> {
    // Decided against the store's head: a head cached by this process could hold a place another
    // instance has since freed, and refuse wrongly.
    this.chain.forget(userId);
    await this.chain.append({
      chainId: userId,
      opKey: `open:${link.linkId}`,
      request: { user: userId, account: link.account },
      decide: (head) => {
        const same = head.openLinks.find((open) => open.account === link.account);
        if (same) throw new AlreadyExistsError("LINK_EXISTS", "this bank account is already linked, or being linked, to your wallet", { link_id: same.linkId });
        if (head.openLinks.length >= this.maxLinks) {
          throw new FailedPreconditionError("LINK_LIMIT_REACHED", `a wallet may link at most ${this.maxLinks} bank accounts; unlink one first`, { limit: String(this.maxLinks) });
        }
        return { kind: "OPENED", link };
      },
    });
  }

  /** Gives a link's place back (it failed or was unlinked). Idempotent. */
  async close(userId: string, linkId: string): Promise<void> {
    try {
      await this.chain.append({
        chainId: userId,
        opKey: `close:${linkId}`,
        request: { user: userId },
        decide: (head) => {
          if (!head.openLinks.some((open) => open.linkId === linkId)) throw new FailedPreconditionError("LINK_NOT_OPEN", "the link holds no place");
          return { kind: "CLOSED", linkId };
        },
      });
    } catch (error) {
      if (!(error instanceof FailedPreconditionError && error.reason === "LINK_NOT_OPEN")) throw error;
    }
  }

  /** The user's open links, read from the store. */
  async openLinks(userId: string): Promise<OpenLink[]> {
    const last = await this.models.linkBooks.findOne({ userId }).sort({ seq: -1 }).lean();
    return last?.openLinks ?? [];
  }
}
