// Tokens (grant tokens, API keys, invitations) and secret encryption. Tokens are random,
// shown once and stored only as sha256; upstream secrets are AES-256-GCM with a key id.
import { createCipheriv, createDecipheriv, hash, randomBytes, timingSafeEqual } from "node:crypto";

export type TokenKind = "grant" | "apikey" | "invite" | "verify" | "reset";

const tokenPrefixes: Record<TokenKind, string> = { grant: "wdn_g_", apikey: "wdn_k_", invite: "wdn_i_", verify: "wdn_v_", reset: "wdn_r_" };

/** A new secret token: 256 random bits, with a readable prefix that says what it is. */
export function generateToken(kind: TokenKind): { token: string; hash: string; displayPrefix: string } {
  const token = tokenPrefixes[kind] + randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token), displayPrefix: token.slice(0, tokenPrefixes[kind].length + 6) };
}

export function hashToken(token: string): string {
  return sha256Hex(token);
}

/** One-shot hash (no Hash object per call: the gateway hashes a token and the arguments of every call). */
export function sha256Hex(data: string): string {
  return hash("sha256", data, "hex");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export type Keyring = { primaryId: string; keys: Map<string, Buffer> };

/** Parses "id1:base64key,id2:base64key" (or one bare base64 key, id "k1"); the first key encrypts. */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let primaryId = "";
  for (const [index, part] of spec.split(",").map((p) => p.trim()).filter(Boolean).entries()) {
    const [id, encoded] = part.includes(":") ? (part.split(":", 2) as [string, string]) : [`k${index + 1}`, part];
    const key = Buffer.from(encoded, "base64");
    if (key.length !== 32) throw new Error(`Encryption key "${id}" must be 32 bytes of base64 (got ${key.length})`);
    keys.set(id, key);
    if (!primaryId) primaryId = id;
  }
  if (!primaryId) throw new Error("WARDEN_ENCRYPTION_KEYS holds no key");
  return { primaryId, keys };
}

export function keyringFromEnv(): Keyring {
  const spec = process.env.WARDEN_ENCRYPTION_KEYS;
  if (!spec) throw new Error("WARDEN_ENCRYPTION_KEYS is not set: upstream secrets cannot be encrypted");
  return parseKeyring(spec);
}

/** The id of the key new ciphertexts are sealed with. */
export const primaryKeyId = (): string => keyringFromEnv().primaryId;

export type EncryptedSecret = { ciphertext: string; keyId: string };

/**
 * Associated data binding a ciphertext to its row: the same bytes under another row's id fail
 * authentication, so copying one server's ciphertext onto another server's row yields nothing.
 */
export const serverSecretAad = (serverId: string) => `server:${serverId}`;

/** The same binding for a server's URL when its query string carries a key (another purpose, other bytes). */
export const serverUrlAad = (serverId: string) => `server-url:${serverId}`;

// "v2:" marks a ciphertext sealed with associated data; older ones (no prefix) had none and are
// still read, and re-encrypted by a sync or `npm run keys:rotate`.
const boundPrefix = "v2:";

export type SecretOptions = { aad?: string; keyring?: Keyring };

export function encryptSecret(value: unknown, { aad, keyring = keyringFromEnv() }: SecretOptions = {}): EncryptedSecret {
  const key = keyring.keys.get(keyring.primaryId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
  return { ciphertext: aad === undefined ? sealed : `${boundPrefix}${sealed}`, keyId: keyring.primaryId };
}

/** True for ciphertexts from before associated data (re-encrypt them). */
export const isUnboundSecret = (secret: EncryptedSecret) => !secret.ciphertext.startsWith(boundPrefix);

export function decryptSecret<T = unknown>(secret: EncryptedSecret, { aad, keyring = keyringFromEnv() }: SecretOptions = {}): T {
  const key = keyring.keys.get(secret.keyId);
  if (!key) throw new Error(`No encryption key with id "${secret.keyId}" is configured`);
  const bound = !isUnboundSecret(secret);
  if (bound && aad === undefined) throw new Error("This secret is bound to its row: decrypting it needs the row's associated data");
  const raw = Buffer.from(bound ? secret.ciphertext.slice(boundPrefix.length) : secret.ciphertext, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  if (bound) decipher.setAAD(Buffer.from(aad!, "utf8"));
  decipher.setAuthTag(raw.subarray(12, 28));
  const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  return JSON.parse(plain) as T;
}
