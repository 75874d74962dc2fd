import { type OneTimeCodes } from "@wallet/one-time-codes";
import { type Sender } from "@wallet/outbox";
import { type BlindIndex, type FieldCipher } from "@wallet/pii-crypto";
import { type IdentityModels } from "../store/models";
import { type AccessChangeFeed } from "./gate/access-change-feed";
import { type LoginThrottle } from "./security/login-throttle";
import { type SecurityEvents } from "./security/security-events";
import { type AccessTokens } from "./sessions/access-tokens";
import { type Sessions } from "./sessions/sessions";
import { type KeyRing } from "./sessions/signing-keys";

/** What identity's domain operations work with: its store, keys, codes and senders. */
export interface IdentityContext {
  models: IdentityModels;
  cipher: FieldCipher;
  index: BlindIndex;
  codes: OneTimeCodes;
  sender: Sender;
  events: SecurityEvents;
  throttle: LoginThrottle;
  keyRing: KeyRing;
  tokens: AccessTokens;
  sessions: Sessions;
  /** Announces revocations, locks and raised levels to the gate's record cache on every replica. */
  accessChanges: AccessChangeFeed;
  /** Keyed hash for recovery codes and other secrets we must recognise but never store. */
  secretHash(purpose: string, value: string): string;
  clock(): Date;
}
