import { randomInt } from "node:crypto";
import { DocumentType, type StartProofingRequest } from "@wallet/contracts/wallet/identity/v1/identity_service";

/** A legal name as identity proofing takes it and the bank keeps it (kanji, kana and latin). */
export interface PersonName {
  familyKanji: string;
  givenKanji: string;
  familyKana: string;
  givenKana: string;
  familyLatin: string;
  givenLatin: string;
}

/** A My Number with its official check digit: a valid document nobody has used yet. */
export function myNumber(): string {
  const first11 = Array.from({ length: 11 }, () => randomInt(0, 10)).join("");
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += Number(first11[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const remainder = sum % 11;
  return `${first11}${remainder <= 1 ? 0 : 11 - remainder}`;
}

/**
 * Evidence the sandbox proofing provider approves (a valid My Number, an adult date of birth, a
 * real prefecture: its documented rules), unless the document is stolen or already used.
 */
export function evidenceFor(name: PersonName, overrides: Partial<{ documentNumber: string; documentType: DocumentType; dateOfBirth: string }> = {}): StartProofingRequest {
  return {
    name: {
      familyNameKanji: name.familyKanji,
      givenNameKanji: name.givenKanji,
      familyNameKana: name.familyKana,
      givenNameKana: name.givenKana,
      familyNameLatin: name.familyLatin,
      givenNameLatin: name.givenLatin,
    },
    dateOfBirth: overrides.dateOfBirth ?? "1988-06-15",
    address: { postalCode: "100-0001", prefecture: "東京都", city: "千代田区", street: "千代田1-1" },
    document: { type: overrides.documentType ?? DocumentType.DOCUMENT_TYPE_MY_NUMBER_CARD, number: overrides.documentNumber ?? myNumber() },
  };
}
