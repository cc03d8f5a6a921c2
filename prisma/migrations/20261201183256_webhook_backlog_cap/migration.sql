-- CreateIndex
CREATE INDEX "webhook_deliveries_webhookId_status_idx" ON "webhook_deliveries"("webhookId", "status");


-- A webhook holds at most 1,000 deliveries waiting (pending: not yet sent, or failing and being
-- retried). Beyond, new events for it are not queued: a tenant whose endpoint fails while it
-- floods held calls would otherwise grow the shared outbox without bound, and every worker's claim
-- looks through the due deliveries. The approvals inbox still shows every call. The count stops
-- at the cap and reads the (webhookId, status) index above. Same function as in the webhooks
-- migration otherwise (an E'' string with \x3B for its semicolons).
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
    FROM webhooks w WHERE w."orgId" = NEW."orgId" AND v_event = ANY(w.events)
      AND (SELECT count(*) FROM (SELECT 1 FROM webhook_deliveries d
           WHERE d."webhookId" = w.id AND d.status = ''pending'' LIMIT 1000) waiting) < 1000\x3B
  RETURN NULL\x3B
END';
