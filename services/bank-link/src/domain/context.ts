import { type BlindIndex, type FieldCipher } from "@wallet/pii-crypto";
import { type Logger } from "@wallet/service-kit";
import { type BankAdapter } from "../bank-adapters/bank-adapter";
import { type IdentityPort } from "../clients/identity";
import { type BankLinkModels } from "../store/models";
import { type LinkEvents } from "./link-events";
import { type LinkStates } from "./links/link-states";
import { type AttemptThrottle } from "./policy/attempt-throttle";
import { type LinkBook } from "./policy/link-book";
import { type LinkPolicy } from "./policy/link-policy";

/** What bank-link's domain operations work with. */
export interface BankLinkContext {
  models: BankLinkModels;
  cipher: FieldCipher;
  index: BlindIndex;
  bank: BankAdapter;
  identity: IdentityPort;
  links: LinkStates;
  events: LinkEvents;
  throttle: AttemptThrottle;
  book: LinkBook;
  policy: LinkPolicy;
  /** For what must not fail a call but must be seen (a notice that could not be sent). */
  logger: Logger;
  clock(): Date;
}
