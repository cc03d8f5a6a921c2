-- CreateTable
CREATE TABLE "webhooks" (
    "id" TEXT NOT NULL DEFAULT ('whk_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "orgId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT[],
    "format" TEXT NOT NULL,
    "secretCiphertext" TEXT NOT NULL,
    "secretKeyId" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL DEFAULT ('whd_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "orgId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "attemptLog" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhooks_orgId_idx" ON "webhooks"("orgId");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_nextAttemptAt_idx" ON "webhook_deliveries"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "webhook_deliveries_orgId_webhookId_createdAt_idx" ON "webhook_deliveries"("orgId", "webhookId", "createdAt");

-- AddForeignKey
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Webhook events are enqueued by a trigger on approvals, in the transaction that creates or
-- decides the approval, whichever writer it is (a gateway worker, the app, the REST API). See the
-- gateway-triggers migration for why the body is an E'' string with \x3B for its semicolons.
-- The payload never holds the grant token, and the arguments only as their hash and a pretty
-- preview cut at 1000 characters. Times are UTC (the columns are timestamp without time zone).
CREATE OR REPLACE FUNCTION warden_enqueue_approval_webhooks() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  v_event text\x3B
  v_payload jsonb\x3B
  v_pretty text\x3B
  v_now timestamp(3) := now() AT TIME ZONE ''UTC''\x3B
BEGIN
  IF TG_OP = ''INSERT'' AND NEW.status = ''pending'' THEN
    v_event := ''approval.pending''\x3B
  ELSIF TG_OP = ''UPDATE'' AND OLD.status = ''pending'' AND NEW.status <> ''pending'' THEN
    v_event := ''approval.decided''\x3B
  ELSE
    RETURN NULL\x3B
  END IF\x3B
  IF NOT EXISTS (SELECT 1 FROM webhooks w WHERE w."orgId" = NEW."orgId" AND v_event = ANY(w.events)) THEN
    RETURN NULL\x3B
  END IF\x3B
  v_pretty := jsonb_pretty(NEW.arguments)\x3B
  SELECT jsonb_build_object(
      ''approvalId'', NEW.id,
      ''status'', NEW.status,
      ''organization'', jsonb_build_object(''id'', o.id, ''slug'', o.slug, ''name'', o.name),
      ''grant'', jsonb_build_object(''id'', g.id, ''name'', g.name),
      ''server'', jsonb_build_object(''id'', s.id, ''name'', s.name),
      ''tool'', NEW."toolName",
      ''rule'', NEW."ruleId",
      ''policy'', jsonb_build_object(''id'', NEW."policyId", ''version'', NEW."policyVersion"),
      ''arguments'', jsonb_build_object(''sha256'', NEW."argumentsHash", ''preview'', left(v_pretty, 1000), ''truncated'', length(v_pretty) > 1000),
      ''createdAt'', to_char(NEW."createdAt", ''YYYY-MM-DD"T"HH24:MI:SS.MS"Z"''),
      ''expiresAt'', to_char(NEW."expiresAt", ''YYYY-MM-DD"T"HH24:MI:SS.MS"Z"''),
      ''decidedAt'', to_char(NEW."decidedAt", ''YYYY-MM-DD"T"HH24:MI:SS.MS"Z"''),
      ''decidedById'', NEW."decidedById",
      ''note'', NEW.note)
    INTO v_payload
    FROM organizations o, grants g, mcp_servers s
    WHERE o.id = NEW."orgId" AND g.id = NEW."grantId" AND s.id = NEW."serverId"\x3B
  INSERT INTO webhook_deliveries ("orgId", "webhookId", event, payload, "nextAttemptAt", "createdAt", "updatedAt")
    SELECT NEW."orgId", w.id, v_event, v_payload, v_now, v_now, v_now
    FROM webhooks w WHERE w."orgId" = NEW."orgId" AND v_event = ANY(w.events)\x3B
  RETURN NULL\x3B
END';

CREATE TRIGGER approvals_enqueue_webhooks AFTER INSERT OR UPDATE OF status ON "approvals"
  FOR EACH ROW EXECUTE FUNCTION warden_enqueue_approval_webhooks();

-- A new delivery wakes the gateway workers' delivery job (one notification per organization and
-- transaction, as NOTIFY folds identical payloads).
CREATE OR REPLACE FUNCTION warden_notify_webhook_delivery() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''warden_changes'', jsonb_build_object(''table'', ''webhook_deliveries'', ''op'', ''insert'', ''orgId'', NEW."orgId")::text)\x3B
  RETURN NULL\x3B
END';

CREATE TRIGGER webhook_deliveries_notify AFTER INSERT ON "webhook_deliveries"
  FOR EACH ROW EXECUTE FUNCTION warden_notify_webhook_delivery();
