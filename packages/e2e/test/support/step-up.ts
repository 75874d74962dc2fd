import { type Customers, type WalletCustomer } from "@wallet/testing";
import { failure } from "./failure";

/**
 * Runs a call the risk engine answers with STEP_UP_REQUIRED, proves it is the customer with the
 * one-time code sent to their phone, and runs it again with the proof, as the app would.
 */
export async function withStepUp<T>(customers: Customers, customer: WalletCustomer, call: (stepUpProof?: string) => Promise<T>): Promise<T> {
  const challenged = await failure(call());
  const challengeId = challenged.facts["challenge_id"];
  if (challenged.reason !== "STEP_UP_REQUIRED" || !challengeId) throw challenged;
  const options = { accessToken: customer.session.accessToken };
  await customers.users.identity.startStepUp({ challengeId }, options);
  const { stepUpProof } = await customers.users.identity.completeStepUp({ challengeId, code: await customers.users.latestCode("sms", customer.person.phone) }, options);
  return call(stepUpProof);
}
