import { type Connection } from "mongoose";
import { paymentModel } from "./payment.model";
import { refundEventModel } from "./refund-event.model";
import { resumeClaimModel } from "./resume-claim.model";
import { reviewDecisionModel } from "./review-decision.model";
import { migrationModel, riskHistoryModels } from "./risk-history.model";

/** Every collection payment owns, in its own database. */
export function paymentModels(connection: Connection) {
  return {
    payments: paymentModel(connection),
    refundEvents: refundEventModel(connection),
    reviewDecisions: reviewDecisionModel(connection),
    resumeClaims: resumeClaimModel(connection),
    ...riskHistoryModels(connection),
    migrations: migrationModel(connection),
  };
}

export type PaymentModels = ReturnType<typeof paymentModels>;
