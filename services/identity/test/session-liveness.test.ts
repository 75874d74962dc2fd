import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecurityEvents } from "../src/domain/security/security-events";
import { type AccessTokens } from "../src/domain/sessions/access-tokens";
import { AccessChangeFeed } from "../src/domain/gate/access-change-feed";
import { Sessions } from "../src/domain/sessions/sessions";
import { type IdentityModels } from "../src/store/models";
import { type IdentityTestStore, openIdentityStore } from "./support/identity-store";

let store: IdentityTestStore;
let models: IdentityModels;
const now = new Date("2026-11-25T12:00:00Z");

beforeAll(async () => {
  store = await openIdentityStore("sessions");
  models = store.models;
});
afterAll(async () => {
  await store?.close();
});

/** Sessions and security events at `now`; liveness reads the store only, so no token is issued. */
function sessionsNow() {
  const events = new SecurityEvents(models, () => now);
  return { events, sessions: new Sessions(models, undefined as unknown as AccessTokens, events, new AccessChangeFeed(models), () => now) };
}
const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);

describe("a session past its reauthentication limit", () => {
  it("is refused and recorded as a security event, while a fresh one lives", async () => {
    const { events, sessions } = sessionsNow();
    await models.sessions.create([
      { _id: "ses_fresh", userId: "usr_live", aal: 2, authenticatedAt: at(1), lastSeenAt: at(0.1), createdAt: at(1), revokedAt: null, revokedReason: "" },
      { _id: "ses_stale", userId: "usr_live", aal: 2, authenticatedAt: at(48), lastSeenAt: at(0.1), createdAt: at(48), revokedAt: null, revokedReason: "" },
    ]);
    await expect(sessions.live("ses_fresh")).resolves.toMatchObject({ _id: "ses_fresh" });
    await expect(sessions.live("ses_stale")).rejects.toMatchObject({ reason: "REAUTHENTICATION_REQUIRED" });
    const recorded = await events.list({ userId: "usr_live", type: "REAUTHENTICATION_REQUIRED", from: undefined, to: undefined, pageSize: 5, after: undefined });
    expect(recorded.map((event) => event.facts)).toEqual([{ session_id: "ses_stale" }]);
  });

  it("is not raised to AAL2 once it is older than AAL2's limit, counted from the password", async () => {
    const { sessions } = sessionsNow();
    await models.sessions.create([
      { _id: "ses_young_aal1", userId: "usr_raise", aal: 1, authenticatedAt: at(11), lastSeenAt: at(0.1), createdAt: at(11), revokedAt: null, revokedReason: "" },
      { _id: "ses_old_aal1", userId: "usr_raise", aal: 1, authenticatedAt: at(13), lastSeenAt: at(0.1), createdAt: at(13), revokedAt: null, revokedReason: "" },
    ]);
    // Both still live at AAL1 (30 days); only the younger may take a second factor.
    await expect(sessions.live("ses_old_aal1")).resolves.toMatchObject({ aal: 1 });
    await expect(sessions.raisable("ses_young_aal1")).resolves.toMatchObject({ _id: "ses_young_aal1" });
    await expect(sessions.raisable("ses_old_aal1")).rejects.toMatchObject({ reason: "REAUTHENTICATION_REQUIRED" });
    await expect(sessions.raiseToAal2("ses_old_aal1")).rejects.toMatchObject({ reason: "REAUTHENTICATION_REQUIRED" });
    expect(await models.sessions.findById("ses_old_aal1").lean()).toMatchObject({ aal: 1 });
  });
});
