-- CreateTable
CREATE TABLE "approval_mails" (
    "id" TEXT NOT NULL DEFAULT ('apm_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "orgId" TEXT NOT NULL,
    "approvalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "approval_mails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "standing_approvals" (
    "id" TEXT NOT NULL DEFAULT ('sta_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "orgId" TEXT NOT NULL,
    "grantId" TEXT NOT NULL,
    "serverId" TEXT NOT NULL,
    "toolName" TEXT NOT NULL,
    "argumentsHash" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "policyVersion" INTEGER NOT NULL,
    "approvalId" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "standing_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "approval_mails_status_nextAttemptAt_idx" ON "approval_mails"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "approval_mails_orgId_userId_createdAt_idx" ON "approval_mails"("orgId", "userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "approval_mails_approvalId_userId_key" ON "approval_mails"("approvalId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "standing_approvals_approvalId_key" ON "standing_approvals"("approvalId");

-- CreateIndex
CREATE INDEX "standing_approvals_grantId_toolName_argumentsHash_idx" ON "standing_approvals"("grantId", "toolName", "argumentsHash");

-- CreateIndex
CREATE INDEX "standing_approvals_orgId_until_idx" ON "standing_approvals"("orgId", "until");

-- AddForeignKey
ALTER TABLE "approval_mails" ADD CONSTRAINT "approval_mails_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "approvals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_mails" ADD CONSTRAINT "approval_mails_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "standing_approvals" ADD CONSTRAINT "standing_approvals_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "standing_approvals" ADD CONSTRAINT "standing_approvals_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "grants"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- "An approval is waiting" mails are enqueued by a trigger on approvals, in the transaction that
-- creates the approval, whichever writer it is: one row per admin or owner whose address is
-- verified and who has not turned these mails off. Gateway workers send them (see
-- gateway/notify/mail-job.ts). The body is an E'' string with \x3B for its semicolons, as in the
-- gateway-triggers migration. A person gets at most 20 of these mails per organization in 10
-- minutes (an agent varying its arguments cannot flood the approvers' inboxes); beyond, the inbox
-- and the navigation's pending count still show every call.
CREATE OR REPLACE FUNCTION warden_enqueue_approval_mails() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  v_now timestamp(3) := now() AT TIME ZONE ''UTC''\x3B
BEGIN
  IF NEW.status <> ''pending'' THEN
    RETURN NULL\x3B
  END IF\x3B
  INSERT INTO approval_mails ("orgId", "approvalId", "userId", "nextAttemptAt", "createdAt", "updatedAt")
    SELECT NEW."orgId", NEW.id, u.id, v_now, v_now, v_now
    FROM memberships m JOIN users u ON u.id = m."userId"
    WHERE m."orgId" = NEW."orgId" AND m.role IN (''admin'', ''owner'')
      AND u."approvalMailOptOut" = false AND u."emailVerifiedAt" IS NOT NULL
      AND (SELECT count(*) FROM approval_mails x
           WHERE x."orgId" = NEW."orgId" AND x."userId" = u.id AND x."createdAt" > v_now - interval ''10 minutes'') < 20
  ON CONFLICT ("approvalId", "userId") DO NOTHING\x3B
  RETURN NULL\x3B
END';

CREATE TRIGGER approvals_enqueue_mails AFTER INSERT ON "approvals"
  FOR EACH ROW EXECUTE FUNCTION warden_enqueue_approval_mails();

-- A new mail wakes the gateway workers' mail job (one notification per organization and
-- transaction, as NOTIFY folds identical payloads).
CREATE OR REPLACE FUNCTION warden_notify_approval_mail() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''warden_changes'', jsonb_build_object(''table'', ''approval_mails'', ''op'', ''insert'', ''orgId'', NEW."orgId")::text)\x3B
  RETURN NULL\x3B
END';

CREATE TRIGGER approval_mails_notify AFTER INSERT ON "approval_mails"
  FOR EACH ROW EXECUTE FUNCTION warden_notify_approval_mail();
