import { type Connection } from "mongoose";
import { paymentModel } from "./payment.model";
import { refundEventModel } from "./refund-event.model";

/** Every collection payment owns, in its own database. */
export function paymentModels(connection: Connection) {
  return { payments: paymentModel(connection), refundEvents: refundEventModel(connection) };
}

export type PaymentModels = ReturnType<typeof paymentModels>;
