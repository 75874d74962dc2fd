import { type GatePolicy, readGatePolicy } from "@wallet/contracts";
import { PaymentServiceService, protoMetadata } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { type Authorizer, gateInterceptor, hosted, type HostedService, type Interceptor } from "@wallet/service-kit";
import { type Downstream } from "./clients/downstream";
import { type WalletDirectory } from "./clients/wallet-directory";
import { type PaymentContext } from "./domain/payment-context";
import { type SagaRunner } from "./domain/sagas/saga-runner";
import { topUpHandler, withdrawHandler } from "./handlers/bank-link-payments";
import { payHandler } from "./handlers/pay";
import { getPaymentHandler, inspectPaymentHandler, listPaymentsHandler, reviewPaymentHandler } from "./handlers/payment-read";
import { refundHandler } from "./handlers/refund";
import { transferHandler } from "./handlers/transfer";
import { type PaymentDocument } from "./store/payment.model";

export interface PaymentDeps {
  context: PaymentContext;
  runner: SagaRunner;
  downstream: Downstream;
  wallets: WalletDirectory;
  authorizer: Authorizer;
  policy: GatePolicy;
  /** TRACE_UI_URL: where a payment's trace id becomes a link (see handlers/trace-link.ts). */
  traceUiUrl?: string | undefined;
}

export const PAYMENT_SERVICE_NAME = "wallet.payment.v1.PaymentService";

export function paymentPolicy(): GatePolicy {
  return readGatePolicy(protoMetadata, "PaymentService", PaymentServiceService);
}

/** The payment service's handlers behind the gate; a payment is read by its payer only. */
export function createPaymentServer(deps: PaymentDeps): { services: HostedService[]; interceptors: Interceptor[] } {
  return {
    services: [hosted(PAYMENT_SERVICE_NAME, PaymentServiceService, {
      topUp: topUpHandler(deps),
      transfer: transferHandler(deps),
      pay: payHandler(deps),
      withdraw: withdrawHandler(deps),
      refund: refundHandler(deps),
      getPayment: getPaymentHandler(deps),
      listPayments: listPaymentsHandler(deps),
      inspectPayment: inspectPaymentHandler(deps),
      reviewPayment: reviewPaymentHandler(deps),
    })],
    interceptors: [gateInterceptor({
      policy: deps.policy,
      authorizer: deps.authorizer,
      ownerResolvers: {
        payment_id: async (paymentId) => (await deps.context.models.payments.findById(paymentId, { ownerId: 1 }).lean<Pick<PaymentDocument, "ownerId">>())?.ownerId,
      },
    })],
  };
}
