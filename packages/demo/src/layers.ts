/**
 * The platform's defences against the 2020 attack, one id each. A scenario declares the layers
 * it expects to stop it; the demo judges each from what the platform answered.
 */
export const LAYERS = {
  IDENTITY_PROOFING: "identity proofing (IAL2) before linking or moving money",
  DOCUMENT_CHECKS: "stolen or already-used identity documents refused",
  HOLDER_NAME_MATCH: "proven name must match the bank account holder",
  BANK_ONE_TIME_CODE: "bank's one-time code to the phone the bank knows",
  HOLDER_NOTIFIED: "bank tells the account holder",
  LINK_LIMITS: "link attempt throttle and links per user",
  COOLING_OFF: "fresh-link cooling-off limits",
  RISK_RULES: "risk rules (one wallet funded by many bank accounts)",
} as const;

export type LayerId = keyof typeof LAYERS;

/** Not reached: an earlier layer stopped the attack, so this one was never put to the test. */
export type LayerStatus = "held" | "did not hold" | "not reached";

export interface LayerVerdict {
  id: LayerId;
  name: string;
  status: LayerStatus;
  /** What the platform answered that decided the verdict. */
  evidence: string;
}
