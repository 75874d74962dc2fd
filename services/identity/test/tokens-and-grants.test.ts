import { randomBytes } from "node:crypto";
import { FieldCipher } from "@wallet/pii-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GrantClaims, OperationGrants } from "../src/domain/gate/operation-grants";
import { AccessTokens } from "../src/domain/sessions/access-tokens";
import { KeyRing } from "../src/domain/sessions/signing-keys";
import { type IdentityTestStore, openIdentityStore } from "./support/identity-store";

let store: IdentityTestStore;
let keyRing: KeyRing;
const claims: GrantClaims = { subject: "usr_grant1", sessionId: "ses_grant1", ial: 2, aal: 2, authorizedService: "payment", action: "/wallet.payment.v1.PaymentService/Transfer" };

beforeAll(async () => {
  store = await openIdentityStore("grants");
  keyRing = new KeyRing(store.models, new FieldCipher({ k1: randomBytes(32).toString("base64") }, "k1"));
  await keyRing.load();
});
afterAll(async () => {
  await store?.close();
});

describe("operation grants", () => {
  it("carry back exactly the facts the gate signed", async () => {
    const grants = new OperationGrants(keyRing, "wallet-identity", 10);
    expect(await grants.verify(await grants.issue(claims))).toEqual(claims);
  });

  it("are refused when expired, tampered with, from another issuer, or signed by an unknown key", async () => {
    const grants = new OperationGrants(keyRing, "wallet-identity", 10);
    expect(await new OperationGrants(keyRing, "wallet-identity", -10).issue(claims).then((grant) => grants.verify(grant))).toBeUndefined();
    expect(await new OperationGrants(keyRing, "someone-else", 10).issue(claims).then((grant) => grants.verify(grant))).toBeUndefined();

    const [header, payload, signature] = (await grants.issue(claims)).split(".") as [string, string, string];
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), ial: 3 })).toString("base64url");
    expect(await grants.verify(`${header}.${raised}.${signature}`)).toBeUndefined();
    const unknownKid = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header, "base64url").toString()), kid: "key_unknown" })).toString("base64url");
    expect(await grants.verify(`${unknownKid}.${payload}.${signature}`)).toBeUndefined();
    expect(await grants.verify("")).toBeUndefined();
  });

  it("are reused for the same operation while more than half their life is left, never for another", async () => {
    const grants = new OperationGrants(keyRing, "wallet-identity", 2);
    const first = await grants.issue(claims);
    expect(await grants.issue({ ...claims })).toBe(first);
    for (const other of [{ ...claims, sessionId: "ses_grant2" }, { ...claims, aal: 1 }, { ...claims, authorizedService: "bank-link" }, { ...claims, action: "/wallet.payment.v1.PaymentService/Withdraw" }]) {
      const grant = await grants.issue(other);
      expect(grant).not.toBe(first);
      expect(await grants.verify(grant)).toEqual(other);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const renewed = await grants.issue(claims);
    expect(renewed).not.toBe(first);
    expect(await grants.verify(renewed)).toEqual(claims);
  });

  it("are never taken for access tokens, nor access tokens for grants", async () => {
    const grants = new OperationGrants(keyRing, "wallet-identity", 10);
    const tokens = new AccessTokens(keyRing, "wallet-identity", 300);
    const { token } = await tokens.issue({ subject: claims.subject, sessionId: claims.sessionId, aal: 2 });
    expect(await grants.verify(token)).toBeUndefined();
    expect(await tokens.verify(await grants.issue(claims))).toEqual({ ok: false, reason: "TOKEN_INVALID" });
  });
});

describe("access tokens", () => {
  it("verified once are taken from the cache until they expire, never past it", async () => {
    // Expired 4 s ago: still inside the 5 s clock tolerance for about a second.
    const tokens = new AccessTokens(keyRing, "wallet-identity", -4);
    const { token } = await tokens.issue({ subject: claims.subject, sessionId: claims.sessionId, aal: 2 });
    expect(await tokens.verify(token)).toEqual({ ok: true, claims: { subject: claims.subject, sessionId: claims.sessionId, aal: 2 } });
    expect(await tokens.verify(token)).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: "TOKEN_EXPIRED" });
  });

  it("are refused when a verified token is altered: the cache holds exact tokens only", async () => {
    const tokens = new AccessTokens(keyRing, "wallet-identity", 300);
    const { token } = await tokens.issue({ subject: claims.subject, sessionId: claims.sessionId, aal: 1 });
    expect(await tokens.verify(token)).toMatchObject({ ok: true, claims: { aal: 1 } });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), aal: 2 })).toString("base64url");
    expect(await tokens.verify(`${header}.${raised}.${signature}`)).toEqual({ ok: false, reason: "TOKEN_INVALID" });
  });
});
