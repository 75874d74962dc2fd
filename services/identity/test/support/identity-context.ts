import { createHmac, randomBytes } from "node:crypto";
import { OneTimeCodes } from "@wallet/one-time-codes";
import { OutboxSender } from "@wallet/outbox";
import { BlindIndex, FieldCipher } from "@wallet/pii-crypto";
import { type IdentityContext } from "../../src/domain/context";
import { AccessChangeFeed } from "../../src/domain/gate/access-change-feed";
import { LoginThrottle } from "../../src/domain/security/login-throttle";
import { SecurityEvents } from "../../src/domain/security/security-events";
import { AccessTokens } from "../../src/domain/sessions/access-tokens";
import { Sessions } from "../../src/domain/sessions/sessions";
import { KeyRing } from "../../src/domain/sessions/signing-keys";
import { type IdentityModels } from "../../src/store/models";

/**
 * Identity's domain context over a test's own store, built as main.ts builds it but with fresh
 * keys and the test's clock; the outbox is the sender, so codes can be read back.
 */
export async function identityTestContext(models: IdentityModels, clock: () => Date): Promise<{ context: IdentityContext; outbox: OutboxSender }> {
  const cipher = new FieldCipher({ k1: randomBytes(32).toString("base64") }, "k1");
  const index = new BlindIndex(randomBytes(32).toString("base64"));
  const outbox = new OutboxSender(models.outbox, cipher, index);
  const keyRing = new KeyRing(models, cipher);
  await keyRing.load();
  const tokens = new AccessTokens(keyRing, "wallet-identity", 300);
  const events = new SecurityEvents(models, clock);
  const accessChanges = new AccessChangeFeed(models);
  const recoveryKey = randomBytes(32);
  const context: IdentityContext = {
    models,
    cipher,
    index,
    codes: new OneTimeCodes(models, randomBytes(32).toString("base64"), clock),
    sender: outbox,
    events,
    throttle: new LoginThrottle(models, clock),
    keyRing,
    tokens,
    sessions: new Sessions(models, tokens, events, accessChanges, clock),
    accessChanges,
    secretHash: (purpose, value) => createHmac("sha256", recoveryKey).update(`${purpose}\u0000${value}`).digest("base64url"),
    clock,
  };
  return { context, outbox };
}
