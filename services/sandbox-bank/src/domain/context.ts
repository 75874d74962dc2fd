import { type OneTimeCodes } from "@wallet/one-time-codes";
import { type Sender } from "@wallet/outbox";
import { type FieldCipher } from "@wallet/pii-crypto";
import { type SandboxBankModels } from "../store/models";
import { type ReportCodes } from "./consents/report-codes";
import { type PinHasher } from "./customer-auth/pin";
import { type PinGuard } from "./customer-auth/pin-guard";
import { type BankLedger } from "./ledger/bank-ledger";

/**
 * "modern": linking needs the PIN and a one-time code sent to the phone registered at the bank,
 * and the customer is told when a link starts and when it is made. "2020": the PIN alone links
 * an account and the customer hears nothing, as at the banks that lost deposits in 2020.
 */
export type BankMode = "modern" | "2020";

/** What the bank's domain operations work with. */
export interface BankContext {
  models: SandboxBankModels;
  ledger: BankLedger;
  codes: OneTimeCodes;
  sender: Sender;
  cipher: FieldCipher;
  pins: PinHasher;
  pinGuard: PinGuard;
  reportCodes: ReportCodes;
  settings: { mode: BankMode; oneTimeCodeLifetimeMs: number; reportBaseUrl: string };
  clock(): Date;
}
