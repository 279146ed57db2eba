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

-- 2. The inbox's sessions per referral. `(SELECT count(*) FROM service_sessions WHERE
--    referral_id = r.id)` ran the sessions' policy on every session row: a probe of the access
--    list per session, thousands per inbox page. The sessions of one referral all belong to its
--    case, so whether the caller may read them is one question per referral: the caller's
--    organisation leads the case with a case role, or tandem_team_case(case, 'referrals_services').
--    This function asks it once and counts under exactly the sessions' policy
--    (service_sessions_select): a session counts when its lead_org_id is the caller's
--    organisation (with a case role) or its case is the referral's case and the probe said yes.
--    The caller is the transaction's (tandem_org_id, tandem_case_role_ok), never an argument.
CREATE FUNCTION tandem_referral_sessions(p_referral uuid) RETURNS TABLE (sessions integer, last_session_on date)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  DECLARE
    v_caller text := coalesce(current_setting('tandem.caller', true), '');
    v_roles text := coalesce(current_setting('tandem.caller_roles', true), '');
    v_user text := coalesce(current_setting('tandem.user_id', true), '');
    v_org text := coalesce(current_setting('tandem.org_id', true), '');
    v_case uuid;
    v_team boolean;
  BEGIN
    IF v_caller = '' OR v_caller <> v_user || '/' || v_org
       OR (strpos(v_roles, ',case_coordinator,') = 0 AND strpos(v_roles, ',caseworker,') = 0) THEN
      RETURN QUERY SELECT 0, NULL::date;
      RETURN;
    END IF;
    SELECT r.case_id INTO v_case FROM referrals r WHERE r.id = p_referral;
    v_team := v_case IS NOT NULL AND tandem_team_case(v_case, 'referrals_services');
    RETURN QUERY
      SELECT count(*)::integer, max(s.session_on)
      FROM service_sessions s
      WHERE s.referral_id = p_referral
        AND (s.lead_org_id = v_org::uuid OR (v_team AND s.case_id = v_case));
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
