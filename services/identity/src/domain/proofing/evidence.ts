/** What a person submits to prove who they are. */
export interface IdentityEvidence {
  name: {
    familyNameKanji: string;
    givenNameKanji: string;
    familyNameKana: string;
    givenNameKana: string;
    familyNameLatin: string;
    givenNameLatin: string;
  };
  /** YYYY-MM-DD */
  dateOfBirth: string;
  address: { postalCode: string; prefecture: string; city: string; street: string };
  document: { type: DocumentType; number: string };
}

export type DocumentType = "DRIVERS_LICENSE" | "MY_NUMBER_CARD" | "PASSPORT" | "RESIDENCE_CARD";

export type ProofingDecision = { approved: true } | { approved: false; reasons: string[] };

/**
 * An identity proofing (eKYC) provider. The sandbox provider is built in; a real provider
 * (document and liveness checks) would implement the same interface.
 */
export interface ProofingProvider {
  readonly name: string;
  decide(evidence: IdentityEvidence, at: Date): Promise<ProofingDecision>;
}

/** Document numbers compare without spaces, hyphens or case. */
export function normaliseDocumentNumber(number: string): string {
  return number.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
}
