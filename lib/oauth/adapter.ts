// oidc-provider's storage on PostgreSQL (table oauth_records). Every record is keyed by the
// sha256 of its id: access tokens, refresh tokens and codes are their ids, so the table holds no
// usable credential, and the gateway finds an access token by hashing what it was sent.
// Expired rows are never returned; the gateway sweeps them, and registered clients that never
// completed an authorization (gateway/oauth/oauth-cleanup.ts). A client whose id is an https URL
// is a Client ID Metadata Document, fetched on demand (client-metadata-document.ts).
import { errors, type Adapter, type AdapterPayload } from "oidc-provider";
import { isStorableText } from "@/lib/audit/storable";
import { hashToken } from "@/lib/crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { clientFromMetadataDocument, isMetadataDocumentClientId } from "@/lib/oauth/client-metadata-document";

/** Every key and string in the payload is text Postgres keeps (JSON.stringify visits them all, without recursion of ours). */
function storable(payload: AdapterPayload): boolean {
  let ok = true;
  JSON.stringify(payload, (key: string, value: unknown) => {
    if (!isStorableText(key) || (typeof value === "string" && !isStorableText(value))) ok = false;
    return value;
  });
  return ok;
}

export class PostgresAdapter implements Adapter {
  constructor(private readonly model: string) {}

  private key(id: string): { model_id: { model: string; id: string } } {
    return { model_id: { model: this.model, id: hashToken(id) } };
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    if (!storable(payload)) {
      // Postgres refuses such text in jsonb: a clear 400 naming the cause, not a 500.
      const message = "a value contains a character that cannot be stored (NUL or an unpaired surrogate)";
      throw this.model === "Client" ? new errors.InvalidClientMetadata(message) : new errors.InvalidRequest(message);
    }
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    const data = { payload: payload as Prisma.InputJsonValue, grantId: payload.grantId ?? null, uid: payload.uid ?? null, expiresAt };
    await db.oauthRecord.upsert({ where: this.key(id), create: { model: this.model, id: hashToken(id), ...data }, update: data });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === "Client" && isMetadataDocumentClientId(id)) return clientFromMetadataDocument(id);
    const row = await db.oauthRecord.findUnique({ where: this.key(id) });
    return this.live(row);
  }

  private live(row: { payload: unknown; expiresAt: Date | null; consumedAt: Date | null } | null): AdapterPayload | undefined {
    if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
    const payload = row.payload as AdapterPayload;
    return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const row = await db.oauthRecord.findFirst({ where: { model: this.model, uid } });
    return this.live(row);
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined; // the device flow is off
  }

  async consume(id: string): Promise<void> {
    await db.oauthRecord.updateMany({ where: { model: this.model, id: hashToken(id) }, data: { consumedAt: new Date() } });
  }

  async destroy(id: string): Promise<void> {
    await db.oauthRecord.deleteMany({ where: { model: this.model, id: hashToken(id) } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await db.oauthRecord.deleteMany({ where: { grantId } });
  }
}

/** Ends every token of an authorization server grant (called when its Warden grant is revoked). */
export async function revokeOauthGrant(grantId: string, client: Prisma.TransactionClient = db): Promise<void> {
  await client.oauthRecord.deleteMany({ where: { grantId } });
  await client.oauthRecord.deleteMany({ where: { model: "Grant", id: hashToken(grantId) } });
}
