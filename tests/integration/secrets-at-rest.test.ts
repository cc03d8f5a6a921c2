// Secrets at rest: bound to their row (a ciphertext copied to another server fails), older
// unbound ciphertexts still read, and keys:rotate re-encrypts everything under the first key.
import { afterEach, describe, expect, test } from "vitest";
import { decryptSecret, encryptSecret, isUnboundSecret, serverSecretAad } from "@/lib/crypto";
import { decryptSecrets } from "@/lib/data/server-connect";
import { rotateSecrets } from "@/lib/data/secret-rotation";
import { db } from "@/lib/db";
import { signingKeys } from "@/lib/oauth/keys";
import { makeAccount } from "../helpers/factories";
import { makeServerAndPolicy } from "./api-helpers";

const originalKeys = process.env.WARDEN_ENCRYPTION_KEYS!;
afterEach(() => {
  process.env.WARDEN_ENCRYPTION_KEYS = originalKeys;
});

async function twoServers() {
  const { org } = await makeAccount("secrets");
  const a = (await makeServerAndPolicy(org.id, "a")).server;
  const b = (await makeServerAndPolicy(org.id, "b")).server;
  return { a, b };
}

async function storeBound(serverId: string, secrets: Record<string, string>) {
  const sealed = encryptSecret(secrets, { aad: serverSecretAad(serverId) });
  return db.mcpServer.update({ where: { id: serverId }, data: { secretsCiphertext: sealed.ciphertext, secretsKeyId: sealed.keyId } });
}

describe("secrets bound to their row", () => {
  test("a ciphertext moved to another server does not decrypt there", async () => {
    const { a, b } = await twoServers();
    const rowA = await storeBound(a.id, { authorization: "Bearer a-secret" });
    expect(decryptSecrets(rowA)).toEqual({ authorization: "Bearer a-secret" });
    const moved = await db.mcpServer.update({ where: { id: b.id }, data: { secretsCiphertext: rowA.secretsCiphertext, secretsKeyId: rowA.secretsKeyId } });
    expect(() => decryptSecrets(moved)).toThrow();
  });

  test("keys:rotate re-encrypts every secret under the first key, binds old ones, and reports counts", async () => {
    const { a, b } = await twoServers();
    const legacy = encryptSecret({ "x-api-key": "legacy" }); // as stored before row binding
    await db.mcpServer.update({ where: { id: a.id }, data: { secretsCiphertext: legacy.ciphertext, secretsKeyId: legacy.keyId } });
    await storeBound(b.id, { authorization: "Bearer b" });
    expect(decryptSecrets(await db.mcpServer.findUniqueOrThrow({ where: { id: a.id } }))).toEqual({ "x-api-key": "legacy" });

    process.env.WARDEN_ENCRYPTION_KEYS = `fresh:${Buffer.alloc(32, 9).toString("base64")},${originalKeys}`;
    const report = await rotateSecrets();
    // Other tests' rows share the database: the ciphertext moved in the test above is reported, not re-encrypted.
    expect(report.failed.map((f) => f.serverId)).not.toContain(a.id);
    expect(report.failed.map((f) => f.serverId)).not.toContain(b.id);
    expect(report.reEncrypted).toBe(report.total - report.failed.filter((f) => f.what === "secrets").length);
    expect(report.wereUnbound).toBeGreaterThanOrEqual(1);
    for (const row of await db.mcpServer.findMany({ where: { id: { in: [a.id, b.id] } } })) {
      expect(row.secretsKeyId).toBe("fresh");
      expect(isUnboundSecret({ ciphertext: row.secretsCiphertext!, keyId: row.secretsKeyId! })).toBe(false);
    }
    // Only the new key is needed now.
    process.env.WARDEN_ENCRYPTION_KEYS = `fresh:${Buffer.alloc(32, 9).toString("base64")}`;
    expect(decryptSecrets(await db.mcpServer.findUniqueOrThrow({ where: { id: a.id } }))).toEqual({ "x-api-key": "legacy" });
    expect(decryptSecrets(await db.mcpServer.findUniqueOrThrow({ where: { id: b.id } }))).toEqual({ authorization: "Bearer b" });
    // The database is shared with the run's other files: rotate back under the keys they use.
    process.env.WARDEN_ENCRYPTION_KEYS = `${originalKeys},fresh:${Buffer.alloc(32, 9).toString("base64")}`;
    await rotateSecrets();
  });
});

describe("keys:rotate beyond upstream secrets", () => {
  test("webhook signing secrets and the OAuth signing key move to the first key and still read", async () => {
    const { org } = await makeAccount("rotate-more");
    const sealed = encryptSecret("whsec_rotation_test");
    const webhook = await db.webhook.create({
      data: { orgId: org.id, url: "https://hooks.example/warden", events: ["approval.pending"], format: "warden", secretCiphertext: sealed.ciphertext, secretKeyId: sealed.keyId },
    });
    const before = await signingKeys();

    const fresh = `rotated:${Buffer.alloc(32, 7).toString("base64")}`;
    process.env.WARDEN_ENCRYPTION_KEYS = `${fresh},${originalKeys}`;
    try {
      const report = await rotateSecrets();
      expect(report.webhooks.total).toBeGreaterThanOrEqual(1);
      expect(report.oauthSigningKeys).toEqual({ total: 1, reEncrypted: 1 });
      // Other files' rows share the database (some hold made-up ciphertexts): only ours must not fail.
      expect(report.failed.filter((f) => f.serverId === webhook.id || f.what === "oauth")).toEqual([]);

      // Only the new key is needed now.
      process.env.WARDEN_ENCRYPTION_KEYS = fresh;
      const row = await db.webhook.findUniqueOrThrow({ where: { id: webhook.id } });
      expect(row.secretKeyId).toBe("rotated");
      expect(decryptSecret<string>({ ciphertext: row.secretCiphertext, keyId: row.secretKeyId })).toBe("whsec_rotation_test");
      expect((await signingKeys()).keys.map((k) => k.kid)).toEqual(before.keys.map((k) => k.kid));
    } finally {
      // The database is shared with the run's other files (the app's OAuth key among them): rotate back.
      process.env.WARDEN_ENCRYPTION_KEYS = `${originalKeys},${fresh}`;
      await rotateSecrets();
    }
  });
});
