import { status } from "@grpc/grpc-js";
import { AuthenticatorAssurance } from "@wallet/contracts/wallet/gate/v1/requirement";
import { type Tokens } from "@wallet/contracts/wallet/identity/v1/identity_service";
import { RemoteError } from "@wallet/service-kit";
import { type WalletClients } from "./clients";
import { CliError, GRPC_EXIT_BASE } from "./errors";
import { type Profile, type SavedSession } from "./profile";

/** Refresh a little before expiry, so a call never leaves with a token about to lapse. */
const REFRESH_BEFORE_MS = 30_000;

/** Saves a fresh set of tokens (login, second factor, refresh) to the profile. */
export function saveTokens(profile: Profile, tokens: Tokens): SavedSession {
  const session: SavedSession = {
    userId: subjectOf(tokens.accessToken),
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: (tokens.accessTokenExpiresAt ?? new Date()).toISOString(),
    refreshToken: tokens.refreshToken,
    aal: tokens.aal === AuthenticatorAssurance.AUTHENTICATOR_ASSURANCE_AAL2 ? "AAL2" : "AAL1",
  };
  profile.update((data) => {
    data.session = session;
  });
  return session;
}

/**
 * The access token of the saved session, refreshed through RefreshSession when it has expired
 * (or is about to); the rotated refresh token is saved at once, since the old one is spent.
 */
export async function accessToken(profile: Profile, clients: WalletClients): Promise<string> {
  const session = profile.data.session;
  if (!session) throw new CliError("UNAUTHENTICATED: not logged in: run `walletctl login` first", GRPC_EXIT_BASE + status.UNAUTHENTICATED, "UNAUTHENTICATED");
  if (Date.parse(session.accessTokenExpiresAt) - Date.now() > REFRESH_BEFORE_MS) return session.accessToken;
  try {
    const { tokens } = await clients.identity.refreshSession({ refreshToken: session.refreshToken });
    if (!tokens) throw new Error("RefreshSession answered without tokens");
    return saveTokens(profile, tokens).accessToken;
  } catch (error) {
    if (error instanceof RemoteError && error.code === status.UNAUTHENTICATED) {
      profile.update((data) => {
        delete data.session;
      });
      throw new CliError(`UNAUTHENTICATED ${error.reason}: the session has ended: run \`walletctl login\` again`, GRPC_EXIT_BASE + status.UNAUTHENTICATED, "UNAUTHENTICATED");
    }
    throw error;
  }
}

function subjectOf(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { sub?: string };
    return payload.sub ?? "";
  } catch {
    return "";
  }
}
