import { type PaymentDocument } from "../../store/payment.model";
import { type PaymentContext } from "../payment-context";

/** What a step learnt: facts for the step record, and fields of the payment it fills in. */
export interface StepOutcome {
  facts?: Record<string, string>;
  patch?: Partial<Pick<PaymentDocument, "holdId" | "walletId" | "payeeWalletId">>;
}

/**
 * One forward step of a payment's saga. `run` calls a downstream service with a key derived
 * from the payment, so running it again (after a crash, a timeout, an outage) never moves money
 * twice. `undo` makes the step as if it never happened, and must be safe whether or not the
 * step took effect (it is called for a step whose outcome is unknown, too). It answers
 * "happened" when the step took effect and cannot be undone (a bank payout to a customer): the
 * saga then goes forward to completion instead.
 */
export interface SagaStep {
  /** Recorded on the payment once done, for example "BANK_DEBITED". */
  name: string;
  /** Whether the step moves money (a payment undone after such a step is COMPENSATED). */
  movesMoney: boolean;
  run(context: PaymentContext, payment: PaymentDocument): Promise<StepOutcome>;
  undo?(context: PaymentContext, payment: PaymentDocument): Promise<UndoOutcome>;
  /**
   * A refusal of this step decided on the dependency's state (FAILED_PRECONDITION) proves it
   * never took effect, so compensation does not undo it: its dependency answers a retry of a step
   * that went through with that first result, and decides a refusal on its exact state (the
   * ledger's Reserve). Otherwise a refused step is undone like one whose outcome is unknown (a
   * bank that keeps the last answer of two racing retries could refuse an order that went
   * through; a gate that turns a retry away says nothing of an earlier attempt).
   */
  refusalProvesNotDone?: boolean;
}

export type UndoOutcome = "undone" | "happened";

export type SagaDefinition = readonly SagaStep[];
