import { type BlindIndex, type FieldCipher } from "@wallet/pii-crypto";
import { type Logger } from "@wallet/service-kit";
import { type BankAdapter } from "../bank-adapters/bank-adapter";
import { type IdentityPort } from "../clients/identity";
import { type BankLinkModels } from "../store/models";
import { type BankLinkContext } from "./context";
import { LinkEvents } from "./link-events";
import { LinkStates } from "./links/link-states";
import { AttemptThrottle } from "./policy/attempt-throttle";
import { LinkBook } from "./policy/link-book";
import { type LinkPolicy } from "./policy/link-policy";

export interface BankLinkContextOptions {
  models: BankLinkModels;
  cipher: FieldCipher;
  index: BlindIndex;
  bank: BankAdapter;
  identity: IdentityPort;
  policy: LinkPolicy;
  logger: Logger;
  clock?: () => Date;
}

export function buildBankLinkContext(options: BankLinkContextOptions): BankLinkContext {
  const clock = options.clock ?? (() => new Date());
  return {
    ...options,
    links: new LinkStates(options.models, clock),
    events: new LinkEvents(options.models, clock),
    throttle: new AttemptThrottle(options.models, options.policy.attemptWindowMs, clock),
    book: new LinkBook(options.models, options.policy.maxLinksPerUser, clock),
    clock,
  };
}
