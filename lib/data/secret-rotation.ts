// `npm run keys:rotate`: re-encrypts every stored secret under the first key of
// WARDEN_ENCRYPTION_KEYS, bound to its row. After it, older keys can be dropped from the list.
import { decryptSecret, encryptSecret, isUnboundSecret, serverSecretAad } from "@/lib/crypto";
import { db } from "@/lib/db";

export type RotationReport = {
  /** Rows that hold secrets. */
  total: number;
  reEncrypted: number;
  /** How many were under each key id before. */
  fromKeys: Record<string, number>;
  /** Ciphertexts from before row binding, now bound. */
  wereUnbound: number;
  /** Rows that could not be decrypted (missing key, or moved from another row): left as they are. */
  failed: { serverId: string; message: string }[];
};

export async function rotateSecrets(): Promise<RotationReport> {
  const rows = await db.mcpServer.findMany({
    where: { secretsCiphertext: { not: null } },
    select: { id: true, secretsCiphertext: true, secretsKeyId: true },
  });
  const report: RotationReport = { total: rows.length, reEncrypted: 0, fromKeys: {}, wereUnbound: 0, failed: [] };
  for (const row of rows) {
    const old = { ciphertext: row.secretsCiphertext!, keyId: row.secretsKeyId ?? "" };
    const aad = serverSecretAad(row.id);
    let plain: unknown;
    try {
      plain = decryptSecret(old, { aad });
    } catch (error) {
      report.failed.push({ serverId: row.id, message: (error as Error).message.slice(0, 200) });
      continue;
    }
    const fresh = encryptSecret(plain, { aad });
    // Only if nobody changed the secrets meanwhile; a changed row was just written under the new key.
    const { count } = await db.mcpServer.updateMany({
      where: { id: row.id, secretsCiphertext: old.ciphertext },
      data: { secretsCiphertext: fresh.ciphertext, secretsKeyId: fresh.keyId },
    });
    if (count === 0) continue;
    report.reEncrypted++;
    report.fromKeys[old.keyId] = (report.fromKeys[old.keyId] ?? 0) + 1;
    if (isUnboundSecret(old)) report.wereUnbound++;
  }
  return report;
}
