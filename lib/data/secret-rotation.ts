// `npm run keys:rotate`: re-encrypts every stored secret under the first key of
// WARDEN_ENCRYPTION_KEYS: upstream headers/env and URLs whose query string carries a key (bound
// to their row), webhook signing secrets, and the OAuth authorization server's signing key.
// After it, older keys can be dropped from the list.
import { decryptSecret, encryptSecret, isUnboundSecret, serverSecretAad, serverUrlAad } from "@/lib/crypto";
import { db } from "@/lib/db";
import { rotateSigningKeys } from "@/lib/oauth/keys";

export type RotationReport = {
  /** Rows that hold secrets (headers or env). */
  total: number;
  reEncrypted: number;
  /** How many were under each key id before (secrets and URLs). */
  fromKeys: Record<string, number>;
  /** Ciphertexts from before row binding, now bound. */
  wereUnbound: number;
  /** Rows whose URL carries a key, and how many of those were re-encrypted. */
  urls: { total: number; reEncrypted: number };
  /** Webhook signing secrets, and how many were re-encrypted. */
  webhooks: { total: number; reEncrypted: number };
  /** The OAuth signing key (0 or 1 row). */
  oauthSigningKeys: { total: number; reEncrypted: number };
  /** Rows that could not be decrypted (missing key, or moved from another row): left as they are. `serverId` is the row's id. */
  failed: { serverId: string; what: "secrets" | "url" | "webhook" | "oauth"; message: string }[];
};

type Column = { what: "secrets" | "url"; ciphertext: "secretsCiphertext" | "urlCiphertext"; keyId: "secretsKeyId" | "urlKeyId"; aad: (id: string) => string };

const secretsColumn: Column = { what: "secrets", ciphertext: "secretsCiphertext", keyId: "secretsKeyId", aad: serverSecretAad };
const urlColumn: Column = { what: "url", ciphertext: "urlCiphertext", keyId: "urlKeyId", aad: serverUrlAad };

/** Re-encrypts one column of every row that has it; returns rows seen and rows rewritten. */
async function rotateColumn(column: Column, report: RotationReport): Promise<{ total: number; reEncrypted: number }> {
  const rows = await db.mcpServer.findMany({
    where: { [column.ciphertext]: { not: null } },
    select: { id: true, secretsCiphertext: true, secretsKeyId: true, urlCiphertext: true, urlKeyId: true },
  });
  let reEncrypted = 0;
  for (const row of rows) {
    const old = { ciphertext: row[column.ciphertext]!, keyId: row[column.keyId] ?? "" };
    const aad = column.aad(row.id);
    let plain: unknown;
    try {
      plain = decryptSecret(old, { aad });
    } catch (error) {
      report.failed.push({ serverId: row.id, what: column.what, message: (error as Error).message.slice(0, 200) });
      continue;
    }
    const fresh = encryptSecret(plain, { aad });
    // Only if nobody changed the value meanwhile; a changed row was just written under the new key.
    const { count } = await db.mcpServer.updateMany({
      where: { id: row.id, [column.ciphertext]: old.ciphertext },
      data: { [column.ciphertext]: fresh.ciphertext, [column.keyId]: fresh.keyId },
    });
    if (count === 0) continue;
    reEncrypted++;
    report.fromKeys[old.keyId] = (report.fromKeys[old.keyId] ?? 0) + 1;
    if (isUnboundSecret(old)) report.wereUnbound++;
  }
  return { total: rows.length, reEncrypted };
}

/** Webhook secrets are not bound to their row (the gateway reads them as they are): rotated as they are. */
async function rotateWebhookSecrets(report: RotationReport): Promise<{ total: number; reEncrypted: number }> {
  const rows = await db.webhook.findMany({ select: { id: true, secretCiphertext: true, secretKeyId: true } });
  let reEncrypted = 0;
  for (const row of rows) {
    let plain: unknown;
    try {
      plain = decryptSecret({ ciphertext: row.secretCiphertext, keyId: row.secretKeyId });
    } catch (error) {
      report.failed.push({ serverId: row.id, what: "webhook", message: (error as Error).message.slice(0, 200) });
      continue;
    }
    const fresh = encryptSecret(plain);
    const { count } = await db.webhook.updateMany({
      where: { id: row.id, secretCiphertext: row.secretCiphertext },
      data: { secretCiphertext: fresh.ciphertext, secretKeyId: fresh.keyId },
    });
    if (count === 0) continue;
    reEncrypted++;
    report.fromKeys[row.secretKeyId] = (report.fromKeys[row.secretKeyId] ?? 0) + 1;
  }
  return { total: rows.length, reEncrypted };
}

async function rotateOauthSigningKeys(report: RotationReport): Promise<{ total: number; reEncrypted: number }> {
  try {
    return await rotateSigningKeys();
  } catch (error) {
    report.failed.push({ serverId: "oauth-signing-keys", what: "oauth", message: (error as Error).message.slice(0, 200) });
    return { total: 1, reEncrypted: 0 };
  }
}

export async function rotateSecrets(): Promise<RotationReport> {
  const report: RotationReport = {
    total: 0, reEncrypted: 0, fromKeys: {}, wereUnbound: 0,
    urls: { total: 0, reEncrypted: 0 }, webhooks: { total: 0, reEncrypted: 0 }, oauthSigningKeys: { total: 0, reEncrypted: 0 }, failed: [],
  };
  const secrets = await rotateColumn(secretsColumn, report);
  report.total = secrets.total;
  report.reEncrypted = secrets.reEncrypted;
  report.urls = await rotateColumn(urlColumn, report);
  report.webhooks = await rotateWebhookSecrets(report);
  report.oauthSigningKeys = await rotateOauthSigningKeys(report);
  return report;
}
