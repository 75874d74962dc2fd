import { describe, expect, it } from "vitest";
import { MATCH_THRESHOLD, matchHolder, scriptScore, similarity } from "../src/domain/holder-names/holder-match";
import { nameTokens } from "../src/domain/holder-names/normalise";

const yamadaTaro = { familyNameKana: "ヤマダ", givenNameKana: "タロウ", familyNameLatin: "YAMADA", givenNameLatin: "TARO" };
const holder = { kana: "ヤマダ タロウ", latin: "YAMADA TARO" };

describe("name normalisation", () => {
  it.each([
    ["full-width latin and the ideographic space", "ＹＡＭＡＤＡ　ＴＡＲＯ", ["YAMADA", "TARO"]],
    ["lower case and extra spaces", "  yamada   taro ", ["YAMADA", "TARO"]],
    ["half-width katakana with voicing marks", "ﾔﾏﾀﾞ ﾀﾛｳ", ["ヤマダ", "タロウ"]],
    ["hiragana", "やまだ たろう", ["ヤマダ", "タロウ"]],
    ["small kana (bank kana has none)", "タナカ キョウコ", ["タナカ", "キヨウコ"]],
    ["the long vowel mark", "サトー ユーコ", ["サト", "ユコ"]],
    ["a kanji honorific attached to the name", "やまだ たろう様", ["ヤマダ", "タロウ"]],
    ["a honorific as its own word", "ヤマダ タロウ 様", ["ヤマダ", "タロウ"]],
    ["hiragana さん attached", "やまださん", ["ヤマダ"]],
    ["latin titles with a dot", "Mr. Taro Yamada", ["TARO", "YAMADA"]],
    ["Ms and a middle dot", "MS・HANAKO SATO", ["HANAKO", "SATO"]],
    ["romanised honorific", "YAMADA-SAMA", ["YAMADA"]],
    ["latin diacritics", "Ōno Jōji", ["ONO", "JOJI"]],
    ["apostrophes", "O'Brien Mary", ["OBRIEN", "MARY"]],
  ])("%s", (_case, input, expected) => {
    expect(nameTokens(input)).toEqual(expected);
  });

  it("keeps katakana サン inside a name (only the kanji and hiragana honorifics are suffixes)", () => {
    expect(nameTokens("ヤマダ ケンサン")).toEqual(["ヤマダ", "ケンサン"]);
  });
});

describe("holder matching", () => {
  it("matches the same name whatever the width, script form, case, order or honorific", () => {
    for (const bankKana of ["ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", "やまだ たろう 様"]) {
      expect(matchHolder({ kana: bankKana, latin: "" }, yamadaTaro)).toEqual({ match: true, score: 100 });
    }
    for (const bankLatin of ["taro yamada", "MR YAMADA TARO", "ＹＡＭＡＤＡ ＴＡＲＯ"]) {
      expect(matchHolder({ kana: "", latin: bankLatin }, yamadaTaro)).toEqual({ match: true, score: 100 });
    }
  });

  it("matches a bank name written without a space between family and given names", () => {
    expect(matchHolder({ kana: "ヤマダタロウ", latin: "" }, yamadaTaro).score).toBe(100);
  });

  it("accepts one romanisation difference in a long name part", () => {
    const result = matchHolder({ kana: "", latin: "SATO SYUICHI" }, { familyNameKana: "", givenNameKana: "", familyNameLatin: "SATO", givenNameLatin: "SHUICHI" });
    expect(result.match).toBe(true);
    expect(result.score).toBe(85);
  });

  it("refuses a brother: the weaker part decides", () => {
    const jiro = { ...yamadaTaro, givenNameKana: "ジロウ", givenNameLatin: "JIRO" };
    const result = matchHolder(holder, jiro);
    expect(result.match).toBe(false);
    expect(result.score).toBeLessThan(MATCH_THRESHOLD);
  });

  it("refuses a different person with a score far below the threshold", () => {
    const sato = { familyNameKana: "サトウ", givenNameKana: "ハナコ", familyNameLatin: "SATO", givenNameLatin: "HANAKO" };
    const result = matchHolder(holder, sato);
    expect(result.match).toBe(false);
    expect(result.score).toBeLessThanOrEqual(40);
  });

  it("lets the better script decide when one script differs in spelling", () => {
    // Ohno in the bank's latin, Ono on the passport; the kana agree.
    const ono = { familyNameKana: "オオノ", givenNameKana: "ハルカ", familyNameLatin: "ONO", givenNameLatin: "HARUKA" };
    expect(matchHolder({ kana: "オオノ ハルカ", latin: "OHNO HARUKA" }, ono)).toEqual({ match: true, score: 100 });
    expect(scriptScore("OHNO HARUKA", "ONO", "HARUKA")).toBe(75);
  });

  it("never matches without a comparable script or with an empty name", () => {
    expect(matchHolder({ kana: "ヤマダ タロウ", latin: "" }, { ...yamadaTaro, familyNameKana: "", givenNameKana: "" })).toEqual({ match: false, score: 0 });
    expect(matchHolder({ kana: "", latin: "" }, yamadaTaro)).toEqual({ match: false, score: 0 });
    expect(scriptScore("様", "ヤマダ", "タロウ")).toBe(0);
  });

  it("scores similarity from the edit distance", () => {
    expect(similarity("TARO", "TARO")).toBe(100);
    expect(similarity("ABCDE", "ABCDX")).toBe(80);
    expect(similarity("", "")).toBe(0);
  });
});
