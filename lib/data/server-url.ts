// A server's URL at rest: the url column holds what people may see (masked when the query string
// carries a key), and urlCiphertext the whole URL, AES-GCM bound to the row like the other secrets.
import { decryptSecret, encryptSecret, serverUrlAad } from "@/lib/crypto";
import { hasUrlSecret, maskUrl } from "@/lib/upstream/secret-url";

export type StoredUrl = { url: string | null; urlCiphertext: string | null; urlKeyId: string | null };

export function sealUrl(serverId: string, url: string | null): StoredUrl {
  if (!url || !hasUrlSecret(url)) return { url, urlCiphertext: null, urlKeyId: null };
  const { ciphertext, keyId } = encryptSecret(url, { aad: serverUrlAad(serverId) });
  return { url: maskUrl(url), urlCiphertext: ciphertext, urlKeyId: keyId };
}

/** The URL to connect to: decrypted when it carries a key, else the column as it is. */
export function openUrl(row: { id: string } & StoredUrl): string | null {
  if (!row.urlCiphertext || !row.urlKeyId) return row.url;
  return decryptSecret<string>({ ciphertext: row.urlCiphertext, keyId: row.urlKeyId }, { aad: serverUrlAad(row.id) });
}
