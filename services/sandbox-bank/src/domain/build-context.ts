import { createHmac } from "node:crypto";
import { OneTimeCodes } from "@wallet/one-time-codes";
import { type Sender } from "@wallet/outbox";
import { type FieldCipher } from "@wallet/pii-crypto";
import { type SandboxBankModels } from "../store/models";
import { ReportCodes } from "./consents/report-codes";
import { type BankContext, type BankMode } from "./context";
import { PinHasher } from "./customer-auth/pin";
import { PinGuard } from "./customer-auth/pin-guard";
import { BankLedger } from "./ledger/bank-ledger";

export interface BankContextOptions {
  models: SandboxBankModels;
  cipher: FieldCipher;
  sender: Sender;
  /** The bank's secret (base64, 32 bytes) from which each purpose's key is derived. */
  secretKeyBase64: string;
  mode: BankMode;
  oneTimeCodeLifetimeMs: number;
  reportBaseUrl: string;
  clock?: () => Date;
}

/** Wires the bank's domain: one key per purpose, derived so that none can stand in for another. */
export function buildBankContext(options: BankContextOptions): BankContext {
  const derived = (purpose: string) => createHmac("sha256", Buffer.from(options.secretKeyBase64, "base64")).update(`sandbox-bank:${purpose}`).digest();
  const clock = options.clock ?? (() => new Date());
  return {
    models: options.models,
    ledger: new BankLedger(options.models),
    codes: new OneTimeCodes(options.models, derived("one-time-codes").toString("base64"), clock),
    sender: options.sender,
    cipher: options.cipher,
    pins: new PinHasher(derived("pin-pepper")),
    pinGuard: new PinGuard(options.models, clock),
    reportCodes: new ReportCodes(derived("report-codes")),
    settings: { mode: options.mode, oneTimeCodeLifetimeMs: options.oneTimeCodeLifetimeMs, reportBaseUrl: options.reportBaseUrl.replace(/\/+$/, "") },
    clock,
  };
}
