import { describe, expect, it } from "vitest";
import { newRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT } from "../src/domain/second-factors/recovery-codes";

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

describe("recovery codes", () => {
  it("are ten distinct codes of ten unambiguous characters, read back however they are typed", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    expect(normaliseRecoveryCode(` ${codes[0]!.toUpperCase().replace("-", " - ")} `)).toBe(codes[0]!.replace("-", ""));
  });

  it("draw every character about equally often (no modulo bias toward the first ones)", () => {
    const counts = new Map<string, number>();
    for (let round = 0; round < 300; round++) {
      for (const character of newRecoveryCodes().join("").replaceAll("-", "")) counts.set(character, (counts.get(character) ?? 0) + 1);
    }
    // 30,000 draws: 968 expected per character. With a byte modulo 31 the first eight would
    // expect 1,055 and the others 938, 117 apart; the bound of 60 sits almost five standard
    // deviations (12.6) from both the fair and the biased difference.
    expect([...counts.keys()].sort().join("")).toBe([...ALPHABET].sort().join(""));
    const firstEight = [...ALPHABET.slice(0, 8)].reduce((sum, character) => sum + counts.get(character)!, 0) / 8;
    const others = [...ALPHABET.slice(8)].reduce((sum, character) => sum + counts.get(character)!, 0) / 23;
    expect(Math.abs(firstEight - others)).toBeLessThan(60);
  });
});
