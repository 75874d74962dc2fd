import { randomBytes } from "node:crypto";
import { FailedPreconditionError } from "@wallet/service-kit";
import { Chain } from "@wallet/store-kit";
import { type SandboxBankModels } from "../../store/models";
import { type PinCheckDocument } from "../../store/pin-check.model";

/** Consecutive wrong PINs, across every authentication of an account, after which the PIN locks. */
export const PIN_LOCK_AFTER = 10;

interface PinState {
  seq: number;
  consecutiveFailures: number;
}

/**
 * The bank's own defence against PIN guessing, whatever the operator does: each check is
 * appended to the account's chain *before* the PIN is compared and counts as a failure until a
 * success resets it. Five tries per authentication would otherwise let an attacker who can
 * start many authentications walk through all 10,000 PINs.
 */
export class PinGuard {
  private readonly chain: Chain<PinState, "CHECK" | "SUCCESS", PinCheckDocument>;

  constructor(models: SandboxBankModels, private readonly clock: () => Date = () => new Date()) {
    this.chain = new Chain({
      model: models.pinChecks,
      chainField: "accountId",
      initialState: () => Promise.resolve({ seq: 0, consecutiveFailures: 0 }),
      stateOf: (event) => ({ seq: event.seq, consecutiveFailures: event.consecutiveFailures }),
      apply: (previous, _accountId, kind) => ({ seq: previous.seq + 1, consecutiveFailures: kind === "CHECK" ? previous.consecutiveFailures + 1 : 0 }),
      body: (accountId, kind, state, at) => ({ accountId, kind, consecutiveFailures: state.consecutiveFailures, at }),
      clock,
    });
  }

  /** Counts a PIN check, or refuses it once the PIN is locked. */
  async admit(accountId: string): Promise<void> {
    await this.chain.append({
      chainId: accountId,
      opKey: `pin:${randomBytes(12).toString("base64url")}`,
      request: {},
      decide: (head) => {
        if (head.consecutiveFailures >= PIN_LOCK_AFTER) throw new FailedPreconditionError("PIN_LOCKED", "the PIN is locked after too many wrong tries; the customer must contact the bank");
        return "CHECK";
      },
    });
  }

  /** A right PIN resets the count. */
  async succeeded(accountId: string): Promise<void> {
    await this.chain.append({ chainId: accountId, opKey: `pin:${randomBytes(12).toString("base64url")}`, request: {}, decide: () => "SUCCESS" });
  }
}
