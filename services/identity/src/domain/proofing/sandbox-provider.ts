import { normaliseDocumentNumber, type IdentityEvidence, type ProofingDecision, type ProofingProvider } from "./evidence";

/**
 * The sandbox proofing provider decides by fixed, documented rules (see the service README):
 * 1. a legal name in kanji with its kana reading, or in latin script;
 * 2. a real date of birth, and age 18 or over on the day of the decision;
 * 3. a postal code of seven digits and one of Japan's 47 prefectures;
 * 4. a document number in its type's format whose check digit is right (the My Number check
 *    digit for My Number cards; the Luhn digit of the first eleven digits, a sandbox rule, for
 *    driving licences; format only for passports and residence cards);
 * 5. a document not on the list of reported-stolen documents.
 * It is deterministic: the same evidence always gets the same answer.
 */
export class SandboxProofingProvider implements ProofingProvider {
  readonly name = "sandbox";

  decide(evidence: IdentityEvidence, at: Date): Promise<ProofingDecision> {
    const reasons = [...nameProblems(evidence), ...birthProblems(evidence.dateOfBirth, at), ...addressProblems(evidence), ...documentProblems(evidence)];
    return Promise.resolve(reasons.length === 0 ? { approved: true } : { approved: false, reasons });
  }
}

const KANA = /^[\p{Script=Katakana}\p{Script=Hiragana}ー・\s]+$/u;
const LATIN = /^[A-Za-z][A-Za-z' .-]*$/;

function nameProblems({ name }: IdentityEvidence): string[] {
  const kanji = name.familyNameKanji.trim() && name.givenNameKanji.trim();
  const kana = name.familyNameKana.trim() && name.givenNameKana.trim();
  const latin = name.familyNameLatin.trim() && name.givenNameLatin.trim();
  if (kanji && kana) return KANA.test(name.familyNameKana) && KANA.test(name.givenNameKana) ? [] : ["NAME_KANA_INVALID"];
  if (latin) return LATIN.test(name.familyNameLatin.trim()) && LATIN.test(name.givenNameLatin.trim()) ? [] : ["NAME_LATIN_INVALID"];
  return ["NAME_INCOMPLETE"];
}

function birthProblems(dateOfBirth: string, at: Date): string[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!match) return ["DATE_OF_BIRTH_INVALID"];
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const born = new Date(Date.UTC(year, month - 1, day));
  if (born.getUTCFullYear() !== year || born.getUTCMonth() !== month - 1 || born.getUTCDate() !== day || born > at) return ["DATE_OF_BIRTH_INVALID"];
  const eighteenth = new Date(Date.UTC(year + 18, month - 1, day));
  return eighteenth <= at ? [] : ["UNDER_18"];
}

export const PREFECTURES = [
  "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
  "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
  "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
  "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
];

function addressProblems({ address }: IdentityEvidence): string[] {
  const problems: string[] = [];
  if (!/^\d{3}-?\d{4}$/.test(address.postalCode.trim())) problems.push("POSTAL_CODE_INVALID");
  if (!PREFECTURES.includes(address.prefecture.trim())) problems.push("PREFECTURE_INVALID");
  if (!address.city.trim() || !address.street.trim()) problems.push("ADDRESS_INCOMPLETE");
  return problems;
}

/** Sandbox data: documents reported stolen (the sandbox provider refuses them). */
export const REPORTED_STOLEN_DOCUMENTS: ReadonlySet<string> = new Set([
  "MY_NUMBER_CARD:123456789018",
  "DRIVERS_LICENSE:300012345678",
  "PASSPORT:TK0000001",
]);

function documentProblems({ document }: IdentityEvidence): string[] {
  const number = normaliseDocumentNumber(document.number);
  const formatOk = {
    MY_NUMBER_CARD: /^\d{12}$/,
    DRIVERS_LICENSE: /^\d{12}$/,
    PASSPORT: /^[A-Z]{2}\d{7}$/,
    RESIDENCE_CARD: /^[A-Z]{2}\d{8}[A-Z]{2}$/,
  }[document.type].test(number);
  if (!formatOk) return ["DOCUMENT_FORMAT"];
  if (document.type === "MY_NUMBER_CARD" && myNumberCheckDigit(number.slice(0, 11)) !== Number(number[11])) return ["DOCUMENT_CHECK_DIGIT"];
  if (document.type === "DRIVERS_LICENSE" && luhnCheckDigit(number.slice(0, 11)) !== Number(number[11])) return ["DOCUMENT_CHECK_DIGIT"];
  if (REPORTED_STOLEN_DOCUMENTS.has(`${document.type}:${number}`)) return ["DOCUMENT_REPORTED_STOLEN"];
  return [];
}

/** The check digit of an individual number (マイナンバー), from its first eleven digits. */
export function myNumberCheckDigit(first11: string): number {
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const digit = Number(first11[11 - n]);
    sum += digit * (n <= 6 ? n + 1 : n - 5);
  }
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/** The Luhn check digit of a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}
