import { randomBytes, randomInt } from "node:crypto";
import { DocumentType, type StartProofingRequest } from "@wallet/contracts/wallet/identity/v1/identity_service";

/** A legal name as identity proofing takes it and the bank keeps it (kana and latin). */
export interface PersonName {
  familyKanji: string;
  givenKanji: string;
  familyKana: string;
  givenKana: string;
  familyLatin: string;
  givenLatin: string;
}

/** Someone using the wallet app: fresh contacts every run, so the demo can run again and again. */
export interface Person {
  email: string;
  phone: string;
  password: string;
  handle: string;
  name: PersonName;
}

// Fiction, as the sandbox bank's seed data is.
export const HONEST_USER: PersonName = { familyKanji: "東雲", givenKanji: "陽葵", familyKana: "シノノメ", givenKana: "ヒマリ", familyLatin: "SHINONOME", givenLatin: "HIMARI" };
export const VICTIM: PersonName = { familyKanji: "鷲見", givenKanji: "瑠璃子", familyKana: "ワシミ", givenKana: "ルリコ", familyLatin: "WASHIMI", givenLatin: "RURIKO" };
export const ATTACKER: PersonName = { familyKanji: "黒羽", givenKanji: "疾風", familyKana: "クロバネ", givenKana: "ハヤテ", familyLatin: "KUROBANE", givenLatin: "HAYATE" };
/** A very common name: a leaked list holds many accounts in it. */
export const COMMON_NAME: PersonName = { familyKanji: "佐藤", givenKanji: "美咲", familyKana: "サトウ", givenKana: "ミサキ", familyLatin: "SATO", givenLatin: "MISAKI" };

/** A My Number card number that the sandbox provider lists as reported stolen. */
export const REPORTED_STOLEN_MY_NUMBER = "123456789018";

export function newPerson(label: string, name: PersonName): Person {
  const suffix = randomBytes(4).toString("hex");
  return {
    email: `demo.${label}.${suffix}@example.test`,
    phone: newPhone(),
    password: `open sesame ${suffix} ${label}`,
    handle: `${label.replace(/[^a-z0-9_]/g, "").slice(0, 11)}_${suffix}`,
    name,
  };
}

export function newPhone(): string {
  return `+8190${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
}

/** A My Number with its official check digit: a valid document nobody has used yet. */
export function freshMyNumber(): string {
  const first11 = Array.from({ length: 11 }, () => randomInt(0, 10)).join("");
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += Number(first11[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const remainder = sum % 11;
  return `${first11}${remainder <= 1 ? 0 : 11 - remainder}`;
}

/** Evidence the sandbox proofing provider approves, unless the document is stolen or used. */
export function evidenceFor(name: PersonName, documentNumber = freshMyNumber()): StartProofingRequest {
  return {
    name: {
      familyNameKanji: name.familyKanji,
      givenNameKanji: name.givenKanji,
      familyNameKana: name.familyKana,
      givenNameKana: name.givenKana,
      familyNameLatin: name.familyLatin,
      givenNameLatin: name.givenLatin,
    },
    dateOfBirth: "1988-06-15",
    address: { postalCode: "100-0001", prefecture: "東京都", city: "千代田区", street: "千代田1-1" },
    document: { type: DocumentType.DOCUMENT_TYPE_MY_NUMBER_CARD, number: documentNumber },
  };
}
