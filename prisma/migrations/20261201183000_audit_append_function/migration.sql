-- Appends a batch of audit events to an organization's hash chain in one statement, so the chain
-- head stays locked for one round trip instead of four (lock, insert, move the head, commit) and
-- a gateway worker pays one statement per batch. The caller sends each row's canonical JSON
-- (lib/audit/chain.ts) cut in two around its sequence number, as a JSON array of strings
-- [before₁, after₁, before₂, after₂, …]; the sequence numbers, and so the hashes, are known only
-- under the head's lock. hash = sha256(prev_hash ‖ canonical row), the formula the verifier uses;
-- the stored row is that same canonical JSON with its two chain fields.
-- Returns the first sequence number given, the hash before the batch and each row's hash.
CREATE FUNCTION warden_append_audit(p_org text, p_parts jsonb, p_genesis text)
RETURNS TABLE (first_seq text, prev_hash text, hashes text[])
LANGUAGE plpgsql AS $$
DECLARE
  parts text[];
  n int;
  head_seq bigint;
  head_hash text;
  h text;
  prev text;
  canonical text;
  stored jsonb[] := '{}';
  row_hashes text[] := '{}';
BEGIN
  SELECT array_agg(e.value ORDER BY e.ord) INTO parts FROM jsonb_array_elements_text(p_parts) WITH ORDINALITY AS e(value, ord);
  n := coalesce(array_length(parts, 1), 0) / 2;
  IF n = 0 THEN
    RETURN;
  END IF;
  SELECT "lastSeq", "lastHash" INTO head_seq, head_hash FROM audit_chain_heads WHERE "orgId" = p_org FOR UPDATE;
  IF NOT FOUND THEN
    -- The head is created at sign-up; this covers organizations made before that or by hand.
    INSERT INTO audit_chain_heads ("orgId", "lastSeq", "lastHash") VALUES (p_org, 0, p_genesis) ON CONFLICT ("orgId") DO NOTHING;
    SELECT "lastSeq", "lastHash" INTO STRICT head_seq, head_hash FROM audit_chain_heads WHERE "orgId" = p_org FOR UPDATE;
  END IF;
  h := head_hash;
  FOR i IN 1..n LOOP
    canonical := parts[2 * i - 1] || (head_seq + i)::text || parts[2 * i];
    prev := h;
    h := encode(sha256(convert_to(prev || canonical, 'UTF8')), 'hex');
    stored := stored || (canonical::jsonb || jsonb_build_object('prevHash', prev, 'hash', h));
    row_hashes := row_hashes || h;
  END LOOP;
  INSERT INTO audit_events ("orgId", seq, time, kind, "serverId", "grantId", "actorUserId", method, tool, decision, "ruleId",
    reason, "policyId", "policyVersion", "argsHash", "latencyMs", "upstreamOutcome", "requestId", "eventId", detail, "prevHash", hash)
  SELECT r."orgId", r.seq, r.time, r.kind, r."serverId", r."grantId", r."actorUserId", r.method, r.tool, r.decision, r."ruleId",
    r.reason, r."policyId", r."policyVersion", r."argsHash", r."latencyMs", r."upstreamOutcome", r."requestId", r."eventId", r.detail,
    r."prevHash", r.hash
  FROM jsonb_to_recordset(to_jsonb(stored)) AS r("orgId" text, seq bigint, time timestamp(3), kind text, "serverId" text, "grantId" text,
    "actorUserId" text, method text, tool text, decision text, "ruleId" text, reason text, "policyId" text, "policyVersion" integer,
    "argsHash" text, "latencyMs" double precision, "upstreamOutcome" text, "requestId" text, "eventId" text, detail jsonb,
    "prevHash" text, hash text);
  UPDATE audit_chain_heads SET "lastSeq" = head_seq + n, "lastHash" = h WHERE "orgId" = p_org;
  RETURN QUERY SELECT (head_seq + 1)::text, head_hash, row_hashes;
END
$$;
