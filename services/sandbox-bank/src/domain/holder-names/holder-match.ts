import { distance } from "fastest-levenshtein";
import { nameTokens } from "./normalise";

/**
 * Score (0-100) at or above which a name matches the holder. The score is the similarity of the
 * *weaker* of the family and given names (both must match), so 80 admits one typo or
 * romanisation difference in a name part of five letters or more (SHUICHI/SYUICHI), and none in
 * shorter parts: ヤマダ タロウ never matches ヤマダ ジロウ (66). Plaid's Identity Match
 * recommends 70 for a whole-name score; scoring each part is stricter, so the threshold can be
 * higher without refusing honest spellings.
 */
export const MATCH_THRESHOLD = 80;

/** A name as identity proofing established it, in the scripts it was proofed in. */
export interface ProofedName {
  familyNameKana: string;
  givenNameKana: string;
  familyNameLatin: string;
  givenNameLatin: string;
}

/** The holder's name as the bank keeps it: family then given, space-separated, per script. */
export interface HolderNames {
  kana: string;
  latin: string;
}

export interface HolderMatch {
  match: boolean;
  score: number;
}

/**
 * Compares a proofed name with the holder's name, kana with kana and latin with latin; the
 * better script decides (a bank may keep only kana, a proofed foreign resident only latin).
 * No comparable script means no match.
 */
export function matchHolder(holder: HolderNames, name: ProofedName): HolderMatch {
  const score = Math.max(
    scriptScore(holder.kana, name.familyNameKana, name.givenNameKana),
    scriptScore(holder.latin, name.familyNameLatin, name.givenNameLatin),
  );
  return { match: score >= MATCH_THRESHOLD, score };
}

/**
 * 100 for an exact match after normalisation, in either order of family and given names (latin
 * names are often written given name first). Otherwise, when the holder's name has two parts,
 * the lower of the two part similarities in the better order; for other shapes, the similarity
 * of the whole names.
 */
export function scriptScore(holderName: string, family: string, given: string): number {
  const holder = nameTokens(holderName);
  const familyPart = nameTokens(family).join("");
  const givenPart = nameTokens(given).join("");
  if (holder.length === 0 || !familyPart || !givenPart) return 0;
  const whole = holder.join("");
  if (whole === familyPart + givenPart || whole === givenPart + familyPart) return 100;
  if (holder.length === 2) {
    const [first, second] = holder as [string, string];
    return Math.max(
      Math.min(similarity(first, familyPart), similarity(second, givenPart)),
      Math.min(similarity(first, givenPart), similarity(second, familyPart)),
    );
  }
  return Math.max(similarity(whole, familyPart + givenPart), similarity(whole, givenPart + familyPart));
}

/** 100 × (1 − Levenshtein distance / length of the longer), rounded down. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  return Math.floor((100 * (longer - distance(a, b))) / longer);
}
