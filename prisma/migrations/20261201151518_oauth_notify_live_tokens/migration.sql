-- Only a live access token's deletion (revoked, or its authorization revoked) is announced to the
-- gateway workers: the periodic sweep of expired ones would otherwise send one NOTIFY per row.
CREATE OR REPLACE FUNCTION warden_notify_oauth_record() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF OLD.model = ''AccessToken'' AND (OLD."expiresAt" IS NULL OR OLD."expiresAt" >= (now() AT TIME ZONE ''UTC'')) THEN
    PERFORM pg_notify(''warden_changes'', jsonb_build_object(''table'', ''oauth_records'', ''op'', ''delete'', ''id'', OLD.id, ''grantId'', OLD."grantId")::text)\x3B
  END IF\x3B
  RETURN NULL\x3B
END';
