-- Takes the counters of several calls in one statement, each call all or nothing, as if the
-- calls had come one after another in the order given. A busy gateway worker sends the calls
-- that arrive together as one batch: one round trip instead of one per call.
--
-- Every counter row of the batch is created and locked first, in key order, so batches from
-- different workers cannot deadlock; the calls are then decided in order while the locks are held.
-- Input: parallel arrays, one element per (call, counter); p_calls holds the call's number
-- (1-based, ascending). Returns one row per input element: whether its call was admitted, and
-- whether this counter was one of the full ones that refused it.
CREATE OR REPLACE FUNCTION warden_take_counter_batch(
  p_calls integer[], p_keys text[], p_starts timestamp(3)[], p_maxes integer[], p_expires timestamp(3)[]
) RETURNS TABLE (call integer, admitted boolean, ordinal integer, full_counter boolean) LANGUAGE plpgsql AS $$
DECLARE
  v_call integer;
  v_ok boolean;
  v_admitted integer[] := '{}';
  v_full integer[] := '{}';
BEGIN
  INSERT INTO counters (key, "windowStart", count, "expiresAt")
  SELECT DISTINCT ON (t.k, t.s) t.k, t.s, 0, t.e FROM unnest(p_keys, p_starts, p_expires) AS t(k, s, e)
  ORDER BY t.k, t.s
  ON CONFLICT (key, "windowStart") DO NOTHING;

  PERFORM 1 FROM counters c
  WHERE (c.key, c."windowStart") IN (SELECT t.k, t.s FROM unnest(p_keys, p_starts) AS t(k, s))
  ORDER BY c.key, c."windowStart"
  FOR UPDATE;

  FOR v_call IN SELECT DISTINCT x FROM unnest(p_calls) AS x ORDER BY x LOOP
    SELECT bool_and(c.count < t.m) INTO v_ok
    FROM unnest(p_calls, p_keys, p_starts, p_maxes) AS t(n, k, s, m)
    JOIN counters c ON c.key = t.k AND c."windowStart" = t.s
    WHERE t.n = v_call;
    IF v_ok THEN
      UPDATE counters c SET count = c.count + 1
      FROM (SELECT DISTINCT t.k, t.s FROM unnest(p_calls, p_keys, p_starts) AS t(n, k, s) WHERE t.n = v_call) t
      WHERE c.key = t.k AND c."windowStart" = t.s;
      v_admitted := v_admitted || v_call;
    ELSE
      v_full := v_full || ARRAY(
        SELECT t.i::integer FROM unnest(p_calls, p_keys, p_starts, p_maxes) WITH ORDINALITY AS t(n, k, s, m, i)
        JOIN counters c ON c.key = t.k AND c."windowStart" = t.s
        WHERE t.n = v_call AND c.count >= t.m);
    END IF;
  END LOOP;

  RETURN QUERY
  SELECT t.n, t.n = ANY (v_admitted), t.i::integer, t.i::integer = ANY (v_full)
  FROM unnest(p_calls) WITH ORDINALITY AS t(n, i)
  ORDER BY t.i;
END $$;
