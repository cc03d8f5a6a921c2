-- Gateway support: change notifications for caches, automatic version bumps, and the atomic
-- counter check. Triggers (not application code) send the notifications, so every writer (the
-- app, the REST API, tests, a psql session) reaches every gateway worker.
--
-- WHY THE ODD QUOTING: with the JS schema engine, @prisma/adapter-pg runs a migration by
-- splitting its text at every semicolon, which cuts a $$-quoted PL/pgSQL body apart. So the
-- bodies below are E'' strings whose statement ends are written \x3B (a semicolon) and whose
-- quotes are doubled, and no comment in this file contains a semicolon.

-- Grants and servers carry a version that gateway workers compare on their periodic check.
-- Only changes that matter to the gateway bump it (not lastUsedAt, status or sync times), and an
-- explicit increment by the writer is not counted twice.
CREATE OR REPLACE FUNCTION warden_bump_grant_version() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF ROW(NEW."serverId", NEW."policyId", NEW."tokenHash", NEW."expiresAt", NEW."revokedAt", NEW."orgId")
     IS DISTINCT FROM ROW(OLD."serverId", OLD."policyId", OLD."tokenHash", OLD."expiresAt", OLD."revokedAt", OLD."orgId") THEN
    NEW.version := GREATEST(NEW.version, OLD.version + 1)\x3B
  END IF\x3B
  RETURN NEW\x3B
END';

CREATE TRIGGER grants_bump_version BEFORE UPDATE ON "grants"
  FOR EACH ROW EXECUTE FUNCTION warden_bump_grant_version();

CREATE OR REPLACE FUNCTION warden_bump_server_version() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF ROW(NEW."transport", NEW."url", NEW."command", NEW."args", NEW."secretsCiphertext", NEW."secretsKeyId", NEW."orgId")
     IS DISTINCT FROM ROW(OLD."transport", OLD."url", OLD."command", OLD."args", OLD."secretsCiphertext", OLD."secretsKeyId", OLD."orgId") THEN
    NEW.version := GREATEST(NEW.version, OLD.version + 1)\x3B
  END IF\x3B
  RETURN NEW\x3B
END';

CREATE TRIGGER mcp_servers_bump_version BEFORE UPDATE ON "mcp_servers"
  FOR EACH ROW EXECUTE FUNCTION warden_bump_server_version();

-- One channel with a small JSON payload of ids and versions (never secrets or documents).
-- NOTIFY folds identical payloads within one transaction, so a catalog sync of 40 tools sends one.
-- Grant and server updates that did not bump the version (lastUsedAt, status) send nothing.
CREATE OR REPLACE FUNCTION warden_notify_change() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  r record\x3B
  payload jsonb\x3B
BEGIN
  IF TG_OP = ''DELETE'' THEN r := OLD\x3B ELSE r := NEW\x3B END IF\x3B
  payload := jsonb_build_object(''table'', TG_TABLE_NAME, ''op'', lower(TG_OP), ''orgId'', r."orgId")\x3B
  CASE TG_TABLE_NAME
    WHEN ''policies'' THEN
      payload := payload || jsonb_build_object(''id'', r.id, ''serverId'', r."serverId", ''version'', r."currentVersion")\x3B
    WHEN ''policy_versions'' THEN
      payload := payload || jsonb_build_object(''id'', r."policyId", ''version'', r.version)\x3B
    WHEN ''grants'' THEN
      IF TG_OP = ''UPDATE'' AND NEW.version = OLD.version THEN RETURN NULL\x3B END IF\x3B
      payload := payload || jsonb_build_object(''id'', r.id, ''serverId'', r."serverId", ''version'', r.version)\x3B
    WHEN ''mcp_servers'' THEN
      IF TG_OP = ''UPDATE'' AND NEW.version = OLD.version THEN RETURN NULL\x3B END IF\x3B
      payload := payload || jsonb_build_object(''id'', r.id, ''version'', r.version)\x3B
    WHEN ''tools'' THEN
      payload := payload || jsonb_build_object(''serverId'', r."serverId")\x3B
    WHEN ''approvals'' THEN
      payload := payload || jsonb_build_object(''id'', r.id, ''status'', r.status)\x3B
    ELSE
      NULL\x3B
  END CASE\x3B
  PERFORM pg_notify(''warden_changes'', payload::text)\x3B
  RETURN NULL\x3B
END';

CREATE TRIGGER policies_notify AFTER INSERT OR UPDATE OR DELETE ON "policies"
  FOR EACH ROW EXECUTE FUNCTION warden_notify_change();
CREATE TRIGGER policy_versions_notify AFTER INSERT OR UPDATE OR DELETE ON "policy_versions"
  FOR EACH ROW EXECUTE FUNCTION warden_notify_change();
CREATE TRIGGER grants_notify AFTER INSERT OR UPDATE OR DELETE ON "grants"
  FOR EACH ROW EXECUTE FUNCTION warden_notify_change();
CREATE TRIGGER mcp_servers_notify AFTER INSERT OR UPDATE OR DELETE ON "mcp_servers"
  FOR EACH ROW EXECUTE FUNCTION warden_notify_change();
CREATE TRIGGER tools_notify AFTER INSERT OR UPDATE OR DELETE ON "tools"
  FOR EACH ROW EXECUTE FUNCTION warden_notify_change();
CREATE TRIGGER approvals_notify AFTER INSERT OR UPDATE OR DELETE ON "approvals"
  FOR EACH ROW EXECUTE FUNCTION warden_notify_change();

-- Takes one unit of every given counter, or none: admitted only if every counter is below its
-- max. Called as one statement (SELECT * FROM warden_take_counters(...)) it is atomic, and it
-- is exact across any number of gateway workers because each row is locked while it is checked
-- and incremented. Rows are created and locked in key order, so two calls sharing counters
-- cannot deadlock. Returns one row per input, in input order, with the count after the call.
CREATE OR REPLACE FUNCTION warden_take_counters(
  p_keys text[], p_starts timestamp(3)[], p_maxes integer[], p_expires timestamp(3)[]
) RETURNS TABLE (admitted boolean, ordinal integer, used integer) LANGUAGE plpgsql AS E'
DECLARE
  v_ok boolean\x3B
BEGIN
  INSERT INTO counters (key, "windowStart", count, "expiresAt")
  SELECT t.k, t.s, 0, t.e FROM unnest(p_keys, p_starts, p_expires) AS t(k, s, e)
  ORDER BY t.k, t.s
  ON CONFLICT (key, "windowStart") DO NOTHING\x3B

  PERFORM 1 FROM counters c
  WHERE (c.key, c."windowStart") IN (SELECT t.k, t.s FROM unnest(p_keys, p_starts) AS t(k, s))
  ORDER BY c.key, c."windowStart"
  FOR UPDATE\x3B

  SELECT bool_and(c.count < t.m) INTO v_ok
  FROM unnest(p_keys, p_starts, p_maxes) AS t(k, s, m)
  JOIN counters c ON c.key = t.k AND c."windowStart" = t.s\x3B

  IF v_ok THEN
    UPDATE counters c SET count = c.count + 1
    FROM (SELECT DISTINCT t.k, t.s FROM unnest(p_keys, p_starts) AS t(k, s)) t
    WHERE c.key = t.k AND c."windowStart" = t.s\x3B
  END IF\x3B

  RETURN QUERY
  SELECT COALESCE(v_ok, false), t.n::integer, c.count
  FROM unnest(p_keys, p_starts) WITH ORDINALITY AS t(k, s, n)
  JOIN counters c ON c.key = t.k AND c."windowStart" = t.s
  ORDER BY t.n\x3B
END';
