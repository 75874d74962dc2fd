import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bufBreaking } from "../src/buf-breaking";
import { REPO_ROOT } from "../src/repo";

const releases = join(REPO_ROOT, "proto", "releases");
const byVersion = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });
const lastRelease = join(releases, readdirSync(releases).filter((file) => file.endsWith(".binpb")).sort(byVersion).at(-1)!);

function editedCopy(file: string, edit: (text: string) => string): string {
  const copy = mkdtempSync(join(tmpdir(), "proto-"));
  cpSync(join(REPO_ROOT, "proto"), copy, { recursive: true });
  const target = join(copy, file);
  const before = readFileSync(target, "utf8");
  const after = edit(before);
  expect(after, "the fixture edit must change the contract").not.toBe(before);
  writeFileSync(target, after);
  return copy;
}

describe("contracts against the last release (buf breaking)", () => {
  it("today's contracts break nothing the last release's callers rely on", () => {
    const result = bufBreaking(join(REPO_ROOT, "proto"), lastRelease);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  it("catches a renumbered field", () => {
    const copy = editedCopy("wallet/common/v1/money.proto", (text) => text.replace(/(\w+ \w+ = )1;/, "$199;"));
    const result = bufBreaking(copy, lastRelease);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/money\.proto.*(changed|deleted|number)/i);
  });

  it("catches a removed RPC", () => {
    const copy = editedCopy("wallet/payment/v1/payment_service.proto", (text) => text.replace(/\n\s*rpc GetPayment\([\s\S]*?\n {2}\}\n/, "\n"));
    const result = bufBreaking(copy, lastRelease);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("GetPayment");
  });

  it("accepts a new field with a new number", () => {
    const copy = editedCopy("wallet/common/v1/money.proto", (text) => text.replace(/(message \w+ \{\n)/, "$1  string added_later = 90;\n"));
    expect(bufBreaking(copy, lastRelease)).toEqual({ ok: true, output: "" });
  });
});
