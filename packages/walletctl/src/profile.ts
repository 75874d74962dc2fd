import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { type PlatformService } from "./addresses";

export interface SavedSession {
  userId: string;
  accessToken: string;
  /** ISO 8601. */
  accessTokenExpiresAt: string;
  refreshToken: string;
  /** "AAL1" or "AAL2". */
  aal: string;
}

/** What walletctl remembers between runs. Tokens are secrets: the file is mode 0600. */
export interface ProfileData {
  addresses?: Partial<Record<PlatformService, string>>;
  session?: SavedSession;
  /** The sign-up being confirmed. */
  signUpId?: string;
  /** The SMS challenge of the second factor being verified. */
  loginChallengeId?: string;
  /** The step-up challenge the last refused payment asked for. */
  stepUpChallengeId?: string;
  /** A step-up proof not yet used by a retried payment. */
  stepUpProof?: { challengeId: string; proof: string; expiresAt: string };
}

export function defaultProfilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env["WALLETCTL_PROFILE"] ?? join(env["XDG_CONFIG_HOME"] ?? join(homedir(), ".config"), "walletctl", "profile.json");
}

/** The profile file: read once per command, written atomically with owner-only permissions. */
export class Profile {
  private constructor(readonly path: string, public data: ProfileData) {}

  static load(path: string = defaultProfilePath()): Profile {
    if (!existsSync(path)) return new Profile(path, {});
    try {
      return new Profile(path, JSON.parse(readFileSync(path, "utf8")) as ProfileData);
    } catch {
      throw new Error(`the profile file ${path} is not valid JSON: fix or delete it`);
    }
  }

  save(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    // Written beside the target and renamed over it, so a crash never leaves half a file, and
    // created 0600 so the tokens are never readable by others, not even for a moment.
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }

  update(change: (data: ProfileData) => void): void {
    change(this.data);
    this.save();
  }
}
