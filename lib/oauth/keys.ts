// The authorization server's keys. Cookie keys are derived from AUTH_SECRET (no new secret to
// keep); the signing key (ID tokens, when a client asks for openid) is generated once and kept
// encrypted with WARDEN_ENCRYPTION_KEYS in oauth_records, so every app process shares it.
import { generateKeyPairSync, hkdfSync } from "node:crypto";
import type { JWK } from "oidc-provider";
import { decryptSecret, encryptSecret, type EncryptedSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const jwksRecord = { model: "WardenSigningKeys", id: "current" };
const aad = "oauth-signing-keys";

export function cookieKeys(): string[] {
  const key = hkdfSync("sha256", env().AUTH_SECRET, "warden", "oauth cookies", 32);
  return [Buffer.from(key).toString("base64url")];
}

export async function signingKeys(): Promise<{ keys: JWK[] }> {
  const stored = await db.oauthRecord.findUnique({ where: { model_id: jwksRecord } });
  if (stored) return decryptSecret<{ keys: JWK[] }>(stored.payload as EncryptedSecret, { aad });
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = { ...(privateKey.export({ format: "jwk" }) as JWK), alg: "ES256", use: "sig", kid: `k${Date.now().toString(36)}` };
  const sealed = encryptSecret({ keys: [jwk] }, { aad });
  // Two processes starting at once: the first insert wins and both read it back.
  await db.oauthRecord.createMany({ data: [{ ...jwksRecord, payload: sealed }], skipDuplicates: true });
  const row = await db.oauthRecord.findUniqueOrThrow({ where: { model_id: jwksRecord } });
  return decryptSecret<{ keys: JWK[] }>(row.payload as EncryptedSecret, { aad });
}

/** For `npm run keys:rotate`: re-encrypts the stored signing key under the first encryption key. */
export async function rotateSigningKeys(): Promise<{ total: number; reEncrypted: number }> {
  const stored = await db.oauthRecord.findUnique({ where: { model_id: jwksRecord } });
  if (!stored) return { total: 0, reEncrypted: 0 };
  const old = stored.payload as EncryptedSecret;
  const fresh = encryptSecret(decryptSecret(old, { aad }), { aad });
  const { count } = await db.oauthRecord.updateMany({ where: { ...jwksRecord, payload: { equals: old } }, data: { payload: fresh } });
  return { total: 1, reEncrypted: count };
}
