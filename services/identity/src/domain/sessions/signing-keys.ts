import { exportJWK, generateKeyPair, importJWK, type JWK, type JWSHeaderParameters } from "jose";
import { newId } from "@wallet/service-kit";
import { type FieldCipher } from "@wallet/pii-crypto";
import { type IdentityModels } from "../../store/models";

export const TOKEN_ALGORITHM = "ES256";

type Key = Awaited<ReturnType<typeof importJWK>>;

interface LoadedKey {
  kid: string;
  privateKey: Key;
  publicKey: Key;
  publicJwk: JWK;
}

const RELOAD_AT_MOST_EVERY_MS = 5_000;

/**
 * The asymmetric keys that sign access tokens (ES256, each with a `kid`). One active key signs;
 * retired keys keep verifying until their tokens have expired. Private keys are encrypted at
 * rest. Another replica's rotation is picked up when a token names a kid not loaded yet.
 */
export class KeyRing {
  private keys = new Map<string, LoadedKey>();
  private activeKid = "";
  private lastLoad = 0;

  constructor(private readonly models: IdentityModels, private readonly cipher: FieldCipher) {}

  async load(): Promise<void> {
    let documents = await this.models.signingKeys.find().sort({ createdAt: 1 }).lean();
    if (!documents.some((document) => document.retiredAt === null)) {
      await this.rotate();
      documents = await this.models.signingKeys.find().sort({ createdAt: 1 }).lean();
    }
    const loaded = new Map<string, LoadedKey>();
    let active = "";
    for (const document of documents) {
      const privateJwk = JSON.parse(this.cipher.decrypt(document.privateJwkEncrypted, `signing_keys:${document._id}`)) as JWK;
      loaded.set(document._id, {
        kid: document._id,
        privateKey: await importJWK(privateJwk, TOKEN_ALGORITHM),
        publicKey: await importJWK(document.publicJwk as JWK, TOKEN_ALGORITHM),
        publicJwk: { ...(document.publicJwk as JWK), kid: document._id, alg: TOKEN_ALGORITHM, use: "sig" },
      });
      if (document.retiredAt === null) active = document._id;
    }
    this.keys = loaded;
    this.activeKid = active;
    this.lastLoad = Date.now();
  }

  /** Creates a new signing key and makes it the active one; the previous key is retired. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
    const kid = newId("key");
    const now = new Date();
    await this.models.signingKeys.create({
      _id: kid,
      algorithm: TOKEN_ALGORITHM,
      publicJwk: await exportJWK(publicKey),
      privateJwkEncrypted: this.cipher.encrypt(JSON.stringify(await exportJWK(privateKey)), `signing_keys:${kid}`),
      createdAt: now,
      retiredAt: null,
    });
    // Only the keys made before this one are retired, not "every other key": two rotations at
    // once (two replicas starting on an empty store, two operators) would otherwise retire each
    // other's key and leave none active. The newest key always stays active (two made in the
    // same millisecond both do, and the ring signs with either).
    await this.models.signingKeys.updateMany({ _id: { $ne: kid }, retiredAt: null, createdAt: { $lt: now } }, { $set: { retiredAt: now } });
    if (this.keys.size > 0) await this.load();
    return kid;
  }

  active(): LoadedKey {
    const key = this.keys.get(this.activeKid);
    if (!key) throw new Error("no active signing key loaded");
    return key;
  }

  /**
   * The key a JWT's header names, as jose's key resolver: an unknown `kid` is refused. Access
   * tokens and operation grants both verify through it.
   */
  readonly keyFor = async (header: JWSHeaderParameters): Promise<Key> => {
    const key = await this.verificationKey(header.kid);
    if (!key) throw new Error("unknown kid");
    return key;
  };

  async verificationKey(kid: string | undefined): Promise<Key | undefined> {
    if (!kid) return undefined;
    if (!this.keys.has(kid) && Date.now() - this.lastLoad > RELOAD_AT_MOST_EVERY_MS && /^key_[a-z0-9]+$/.test(kid)) await this.load();
    return this.keys.get(kid)?.publicKey;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys.values()].map((key) => key.publicJwk) };
  }
}
