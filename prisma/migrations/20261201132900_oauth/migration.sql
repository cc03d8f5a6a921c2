-- AlterTable
ALTER TABLE "grants" ADD COLUMN     "oauthClientId" TEXT,
ADD COLUMN     "oauthClientName" TEXT,
ADD COLUMN     "oauthGrantId" TEXT,
ADD COLUMN     "oauthLogoUri" TEXT;

-- CreateTable
CREATE TABLE "oauth_records" (
    "model" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "oauth_records_pkey" PRIMARY KEY ("model","id")
);

-- CreateIndex
CREATE INDEX "oauth_records_grantId_idx" ON "oauth_records"("grantId");

-- CreateIndex
CREATE INDEX "oauth_records_uid_idx" ON "oauth_records"("uid");

-- CreateIndex
CREATE INDEX "oauth_records_expiresAt_idx" ON "oauth_records"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "grants_oauthGrantId_key" ON "grants"("oauthGrantId");


-- A revoked or deleted access token (or every token of a destroyed grant) is dropped by every
-- gateway worker's cache at once: the payload names the record (sha256 id) and its grant.
CREATE OR REPLACE FUNCTION warden_notify_oauth_record() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF OLD.model = ''AccessToken'' THEN
    PERFORM pg_notify(''warden_changes'', jsonb_build_object(''table'', ''oauth_records'', ''op'', ''delete'', ''id'', OLD.id, ''grantId'', OLD."grantId")::text)\x3B
  END IF\x3B
  RETURN NULL\x3B
END';

CREATE TRIGGER oauth_records_notify AFTER DELETE ON "oauth_records"
  FOR EACH ROW EXECUTE FUNCTION warden_notify_oauth_record();
