import { type LayerVerdict } from "./layers";

/** One thing an actor tried, and what the platform decided. */
export interface StepRecord {
  /** Who acted: "user", "attacker", "victim", "bank staff", "demo" (observing). */
  actor: string;
  action: string;
  /** The platform's decision: ALLOWED, REFUSED, COMPLETED, FAILED, HELD_FOR_REVIEW, ... */
  decision: string;
  /** The platform's reason code (gRPC error reason, payment failure reason, proofing reasons). */
  reason: string;
  /** Facts the platform gave with its decision (for example `limit=per_debit`), or what was seen. */
  detail: string;
  /** The W3C trace id the demo sent with the call: every span and event of it carries this id. */
  traceId: string;
}

export interface MoneyCheck {
  /** Victims' balances at the sandbox bank, before and after (yen). */
  victimBankBefore: number;
  victimBankAfter: number;
  /** The attacker's wallet balance after (yen; it starts at zero). */
  attackerWalletAfter: number;
  /** Yen that left the victims' bank accounts. */
  moved: number;
}

export interface UserActions {
  count: number;
  /** Each action the user did, in order (forms submitted, codes typed). */
  actions: string[];
  /** From the sign-up form to the first payment completed. */
  elapsedMs: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  kind: "honest" | "attack";
  passed: boolean;
  /** Why the scenario failed (empty when it passed). */
  problems: string[];
  steps: StepRecord[];
  layers: LayerVerdict[];
  money: MoneyCheck | undefined;
  userActions: UserActions | undefined;
  elapsedMs: number;
}

export interface DemoResult {
  passed: boolean;
  scenarios: ScenarioResult[];
  /** The honest journey's user actions from sign-up to first payment. */
  honestUserActions: number | undefined;
  honestElapsedMs: number | undefined;
  elapsedMs: number;
}
