/**
 * Canonical tokens of a person's name, so that the same name written by a bank, an identity
 * document and a person typing on a phone compares equal:
 * - NFKC: full-width latin becomes ASCII, half-width katakana becomes full-width (ﾀﾞ → ダ), the
 *   ideographic space becomes a space;
 * - case-insensitive (upper case), latin diacritics dropped (Ō → O);
 * - hiragana read as katakana (やまだ → ヤマダ), small kana as their full-size letters (bank
 *   kana names are written without small kana: キョウコ is キヨウコ at the bank), the long vowel
 *   mark dropped;
 * - honorifics and titles removed (様, さん, 殿, MR, MS, DR, SAMA, SAN...);
 * - spaces and punctuation separate tokens; apostrophes vanish (O'Brien → OBRIEN).
 */
export function nameTokens(name: string): string[] {
  return name
    .normalize("NFKC")
    .toUpperCase()
    .replace(/['’`]/g, "")
    .split(/[^\p{L}\p{M}]+/u)
    .map(stripHonorificSuffix)
    .filter((token) => token !== "" && !HONORIFIC_TOKENS.has(token))
    .map(canonicalLetters)
    .filter((token) => token !== "");
}

/** Whole-word titles and honorifics, after upper-casing and NFKC. */
const HONORIFIC_TOKENS: ReadonlySet<string> = new Set([
  "MR", "MRS", "MS", "MISS", "MX", "DR", "PROF", "SIR", "MADAM", "SAMA", "SAN", "DONO",
  "様", "さま", "さん", "殿", "どの", "サマ", "サン", "ドノ",
]);

/**
 * Honorifics written straight after a name ("山田様", "やまださん"). Only the kanji and hiragana
 * forms are stripped from inside a token: katakana サン could end a real name in a bank's kana.
 */
const HONORIFIC_SUFFIXES = ["様", "さま", "さん", "殿", "どの"];

function stripHonorificSuffix(token: string): string {
  for (const suffix of HONORIFIC_SUFFIXES) {
    if (token.length > suffix.length && token.endsWith(suffix)) return token.slice(0, -suffix.length);
  }
  return token;
}

const SMALL_TO_FULL: Readonly<Record<string, string>> = {
  ァ: "ア", ィ: "イ", ゥ: "ウ", ェ: "エ", ォ: "オ", ッ: "ツ", ャ: "ヤ", ュ: "ユ", ョ: "ヨ", ヮ: "ワ", ヵ: "カ", ヶ: "ケ",
};

const HIRAGANA_START = 0x3041;
const HIRAGANA_END = 0x3096;
const TO_KATAKANA = 0x60;

function canonicalLetters(token: string): string {
  let output = "";
  for (const char of token) {
    const code = char.codePointAt(0)!;
    const katakana = code >= HIRAGANA_START && code <= HIRAGANA_END ? String.fromCodePoint(code + TO_KATAKANA) : char;
    if (katakana === "ー") continue;
    output += SMALL_TO_FULL[katakana] ?? katakana;
  }
  // Diacritics of latin letters go (Ō → O); kana keep their voicing marks, which NFKC composed.
  return /^[\p{Script=Latin}\p{M}]+$/u.test(output) ? output.normalize("NFKD").replace(/\p{M}/gu, "") : output;
}
