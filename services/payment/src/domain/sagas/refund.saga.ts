import { FailedPreconditionError } from "@wallet/service-kit";
import { Chain } from "@wallet/store-kit";
import { type PaymentModels } from "../../store/models";
import { type RefundEventDocument } from "../../store/refund-event.model";
import { type SagaDefinition } from "./saga-definition";
import { walletCreditStep } from "./ledger-steps";

interface RefundState {
  seq: number;
  refundedTotal: bigint;
}

type RefundChange = { kind: "CLAIMED" | "RELEASED"; refundPaymentId: string; amount: bigint };

/**
 * The refunds of each merchant payment as a chain: a refund claims its amount against what is
 * left before any money moves, so the refunds of one payment never exceed it in total, however
 * many arrive at once.
 */
export class RefundClaims {
  private readonly chain: Chain<RefundState, RefundChange, RefundEventDocument>;

  constructor(models: PaymentModels) {
    this.chain = new Chain({
      model: models.refundEvents,
      chainField: "originalPaymentId",
      initialState: () => Promise.resolve({ seq: 0, refundedTotal: 0n }),
      stateOf: (event) => ({ seq: event.seq, refundedTotal: BigInt(event.refundedTotal) }),
      apply: (previous, _original, change) => ({
        seq: previous.seq + 1,
        refundedTotal: previous.refundedTotal + (change.kind === "CLAIMED" ? change.amount : -change.amount),
      }),
      body: (originalPaymentId, change, state, at) => ({ originalPaymentId, refundPaymentId: change.refundPaymentId, kind: change.kind, amount: change.amount, refundedTotal: state.refundedTotal, at }),
    });
  }

  async claim(originalPaymentId: string, originalAmount: bigint, refundPaymentId: string, amount: bigint): Promise<void> {
    await this.chain.append({
      chainId: originalPaymentId,
      opKey: `${refundPaymentId}:claim`,
      request: { amount: amount.toString() },
      decide: (head) => {
        if (head.refundedTotal + amount > originalAmount) {
          throw new FailedPreconditionError("REFUND_EXCEEDS_PAYMENT", "refunds would exceed the payment", { refundable: (originalAmount - head.refundedTotal).toString() });
        }
        return { kind: "CLAIMED", refundPaymentId, amount };
      },
    });
  }

  async release(originalPaymentId: string, refundPaymentId: string, amount: bigint): Promise<void> {
    if (!(await this.chain.findByOpKey(`${refundPaymentId}:claim`))) return;
    await this.chain.append({ chainId: originalPaymentId, opKey: `${refundPaymentId}:release`, request: {}, decide: () => ({ kind: "RELEASED", refundPaymentId, amount }) });
  }

  async refundedTotal(originalPaymentId: string): Promise<bigint> {
    return (await this.chain.head(originalPaymentId)).refundedTotal;
  }
}

/** A merchant payment back to the payer: claim the refundable amount, then credit the wallet. */
export function refundSaga(claims: RefundClaims, originalAmountOf: (originalPaymentId: string) => Promise<bigint>): SagaDefinition {
  return [
    {
      name: "REFUND_CLAIMED",
      movesMoney: false,
      async run(_context, payment) {
        await claims.claim(payment.refundOf, await originalAmountOf(payment.refundOf), payment._id, BigInt(payment.amount));
        return {};
      },
      async undo(_context, payment) {
        await claims.release(payment.refundOf, payment._id, BigInt(payment.amount));
        return "undone";
      },
    },
    walletCreditStep((payment) => ({ merchantId: payment.merchantId }), "refund-credit"),
  ];
}
