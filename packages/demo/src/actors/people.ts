import { newPerson as newSandboxPerson, type Person, type PersonName } from "@wallet/sandbox-fixtures";

export { evidenceFor, myNumber, newPhone, type Person, type PersonName } from "@wallet/sandbox-fixtures";

// Fiction, as the sandbox bank's seed data is.
export const HONEST_USER: PersonName = { familyKanji: "東雲", givenKanji: "陽葵", familyKana: "シノノメ", givenKana: "ヒマリ", familyLatin: "SHINONOME", givenLatin: "HIMARI" };
export const VICTIM: PersonName = { familyKanji: "鷲見", givenKanji: "瑠璃子", familyKana: "ワシミ", givenKana: "ルリコ", familyLatin: "WASHIMI", givenLatin: "RURIKO" };
export const ATTACKER: PersonName = { familyKanji: "黒羽", givenKanji: "疾風", familyKana: "クロバネ", givenKana: "ハヤテ", familyLatin: "KUROBANE", givenLatin: "HAYATE" };
/** A very common name: a leaked list holds many accounts in it. */
export const COMMON_NAME: PersonName = { familyKanji: "佐藤", givenKanji: "美咲", familyKana: "サトウ", givenKana: "ミサキ", familyLatin: "SATO", givenLatin: "MISAKI" };

/** A My Number card number that the sandbox provider lists as reported stolen. */
export const REPORTED_STOLEN_MY_NUMBER = "123456789018";

/** Someone using the wallet app: fresh contacts every run ("demo." emails), so the demo can run again and again. */
export function newPerson(label: string, name: PersonName): Person {
  return newSandboxPerson(label, name, "demo.");
}
