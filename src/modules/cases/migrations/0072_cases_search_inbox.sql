-- Search through a trigram index; the referral inbox without a probe per session.
--
-- 1. `%…%` by case number or alias. The case list's search matched every entry of the
--    organisation's list against both columns (20,000 entries for an agency leading that many:
--    a heap visit and a policy check each). pg_trgm's GIN indexes on case_list answer ILIKE
--    '%…%' with a bitmap of the entries holding the pattern's trigrams; the organisation's own
--    entries and need to know are then checked on those alone (row-level security is unchanged).
--    Exact identity search stays on the blind index (case_identity).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX case_list_case_number_trgm_idx ON case_list USING gin (case_number gin_trgm_ops);
CREATE INDEX case_list_alias_trgm_idx ON case_list USING gin (alias gin_trgm_ops);

--    Under row-level security PostgreSQL may not use these indexes for the application's query:
--    ILIKE is not leakproof, so it is applied only after the policy has been checked on every
--    entry of the organisation. tandem_case_search(pattern) therefore finds the matching entries
--    through the indexes itself, for the caller's organisation only (taken from the transaction,
--    as in tandem_team_case) and under exactly case_list's policy (a case role; the entries it
--    leads; a team entry while need to know allows); the list then reads those entries by key,
--    under row-level security as before.
CREATE FUNCTION tandem_case_search(p_pattern text) RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  DECLARE
    v_caller text := coalesce(current_setting('tandem.caller', true), '');
    v_roles text := coalesce(current_setting('tandem.caller_roles', true), '');
    v_user text := coalesce(current_setting('tandem.user_id', true), '');
    v_org text := coalesce(current_setting('tandem.org_id', true), '');
  BEGIN
    IF v_caller = '' OR v_caller <> v_user || '/' || v_org
       OR (strpos(v_roles, ',case_coordinator,') = 0 AND strpos(v_roles, ',caseworker,') = 0) THEN
      RETURN;
    END IF;
    -- EXECUTE: planned for this pattern (a trigram bitmap, or the organisation's entries when
    -- the pattern is too short to have trigrams).
    RETURN QUERY EXECUTE
      'SELECT i.case_id FROM case_list i
       WHERE (i.case_number ILIKE $2 OR i.alias ILIKE $2) AND i.org_id = $1
         AND (i.relation = ''lead''
              OR (i.access_one_window AND current_date BETWEEN i.access_from AND i.access_until)
              OR tandem_team_case(i.case_id, NULL))'
      USING v_org::uuid, p_pattern;
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_case_search(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_case_search(text) TO tandem_app;

-- 2. The inbox's sessions per referral (a count and the last date, as one JSON object). `(SELECT count(*) FROM service_sessions WHERE
--    referral_id = r.id)` ran the sessions' policy on every session row: a probe of the access
--    list per session, thousands per inbox page. The sessions of one referral all belong to its
--    case, so whether the caller may read them is one question per referral: the caller's
--    organisation leads the case with a case role, or tandem_team_case(case, 'referrals_services').
--    This function asks it once and counts under exactly the sessions' policy
--    (service_sessions_select): a session counts when its lead_org_id is the caller's
--    organisation (with a case role) or its case is the referral's case and the probe said yes.
--    The caller is the transaction's (tandem_org_id, tandem_case_role_ok), never an argument.
CREATE FUNCTION tandem_referral_sessions(p_referral uuid) RETURNS jsonb
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  DECLARE
    v_caller text := coalesce(current_setting('tandem.caller', true), '');
    v_roles text := coalesce(current_setting('tandem.caller_roles', true), '');
    v_user text := coalesce(current_setting('tandem.user_id', true), '');
    v_org text := coalesce(current_setting('tandem.org_id', true), '');
    v_case uuid;
    v_team boolean;
    v_n integer;
    v_last date;
  BEGIN
    IF v_caller = '' OR v_caller <> v_user || '/' || v_org
       OR (strpos(v_roles, ',case_coordinator,') = 0 AND strpos(v_roles, ',caseworker,') = 0) THEN
      RETURN jsonb_build_object('sessions', 0, 'last', NULL);
    END IF;
    SELECT r.case_id INTO v_case FROM referrals r WHERE r.id = p_referral;
    v_team := v_case IS NOT NULL AND tandem_team_case(v_case, 'referrals_services');
    SELECT count(*)::integer, max(s.session_on) INTO v_n, v_last
      FROM service_sessions s
      WHERE s.referral_id = p_referral
        AND (s.lead_org_id = v_org::uuid OR (v_team AND s.case_id = v_case));
    RETURN jsonb_build_object('sessions', v_n, 'last', v_last);
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_referral_sessions(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_referral_sessions(uuid) TO tandem_app;

-- 3. The inbox's groups in their own order. Each group is read newest first by (created_at, id)
--    for one organisation: "waiting" and "in progress" are one status each, "earlier" three, which
--    the (to_org_id, status, created_at) index could only give by reading and sorting all of the
--    organisation's past referrals. One index per shape, with the id for the keyset's tie-break.
CREATE INDEX referrals_inbox_status_idx ON referrals (to_org_id, status, created_at, id);
CREATE INDEX referrals_inbox_past_idx ON referrals (to_org_id, created_at, id)
  WHERE status IN ('closed', 'declined', 'withdrawn');
DROP INDEX referrals_to_idx;

-- The sessions of a referral counted from the index alone (what the count asks is in it).
CREATE INDEX service_sessions_referral_covering_idx ON service_sessions (referral_id, session_on) INCLUDE (lead_org_id, case_id);
DROP INDEX service_sessions_referral_idx;
