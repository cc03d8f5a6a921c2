// `npm run keys:rotate`: re-encrypts every stored secret under the first key of
// WARDEN_ENCRYPTION_KEYS, bound to its row: upstream headers/env, and URLs whose query string
// carries a key. After it, older keys can be dropped from the list.
import { decryptSecret, encryptSecret, isUnboundSecret, serverSecretAad, serverUrlAad } from "@/lib/crypto";
import { db } from "@/lib/db";

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
  /** Rows that could not be decrypted (missing key, or moved from another row): left as they are. */
  failed: { serverId: string; what: "secrets" | "url"; message: string }[];
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

export async function rotateSecrets(): Promise<RotationReport> {
  const report: RotationReport = { total: 0, reEncrypted: 0, fromKeys: {}, wereUnbound: 0, urls: { total: 0, reEncrypted: 0 }, failed: [] };
  const secrets = await rotateColumn(secretsColumn, report);
  report.total = secrets.total;
  report.reEncrypted = secrets.reEncrypted;
  report.urls = await rotateColumn(urlColumn, report);
  return report;
}
