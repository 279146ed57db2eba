-- The referral inbox along its index.
--
-- Each inbox group (waiting, in progress, earlier) is read newest first by (created_at, id) for
-- the receiving organisation. Under row-level security PostgreSQL checks the referrals' policy
-- (tandem_team_case on every answered referral) before it may order or limit, and it cannot
-- estimate how many rows a function lets through: for a centre with 357 referrals in progress it
-- checked all of them twice (the page, then its count) and sorted them, instead of reading 50
-- along (to_org_id, status, created_at, id).
--
-- tandem_referral_inbox finds the page's referrals itself: along that index, for the caller's
-- organisation only (taken from the transaction, as in tandem_team_case), under exactly the
-- referrals' policy for a receiver (a case role; a referral waiting for an answer, or one whose
-- case the organisation may still see), stopping after p_limit. The answer for an answered
-- referral is first looked up on the organisation's case-list entry for its case: a team entry
-- whose one access window holds today means an access-list row in force today, which is what
-- tandem_team_case asks (migration 0071); otherwise the probe itself decides. The application
-- then reads those referrals by key under row-level security as before: the database's wall
-- stays, and the policy is checked on the page's rows alone. tandem_referral_inbox_count counts
-- a group the same way, up to a bound.

CREATE FUNCTION tandem_referral_inbox(p_statuses text[], p_after_at timestamptz, p_after_id uuid, p_backwards boolean, p_limit integer)
  RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  DECLARE
    v_caller text := coalesce(current_setting('tandem.caller', true), '');
    v_roles text := coalesce(current_setting('tandem.caller_roles', true), '');
    v_user text := coalesce(current_setting('tandem.user_id', true), '');
    v_org text := coalesce(current_setting('tandem.org_id', true), '');
    v_order text := CASE WHEN p_backwards THEN 'ASC' ELSE 'DESC' END;
    v_key text := CASE WHEN p_after_at IS NULL THEN 'true'
                       WHEN p_backwards THEN '(r.created_at, r.id) > ($3, $4)'
                       ELSE '(r.created_at, r.id) < ($3, $4)' END;
  BEGIN
    IF v_caller = '' OR v_caller <> v_user || '/' || v_org
       OR (strpos(v_roles, ',case_coordinator,') = 0 AND strpos(v_roles, ',caseworker,') = 0)
       OR p_limit IS NULL OR p_limit < 1 OR p_limit > 1001 THEN
      RETURN;
    END IF;
    -- EXECUTE: planned for these statuses (the "earlier" group has a partial index of its own).
    RETURN QUERY EXECUTE format(
      'SELECT r.id FROM referrals r
       WHERE r.to_org_id = $1 AND r.status = ANY ($2) AND %s
         AND CASE WHEN r.status = ''proposed'' THEN true
                  WHEN EXISTS (SELECT 1 FROM case_list l
                               WHERE l.org_id = $1 AND l.case_id = r.case_id AND l.relation = ''team''
                                 AND l.access_one_window AND current_date BETWEEN l.access_from AND l.access_until) THEN true
                  ELSE tandem_team_case(r.case_id, NULL) END
       ORDER BY r.created_at %s, r.id %s
       LIMIT $5', v_key, v_order, v_order)
      USING v_org::uuid, p_statuses, p_after_at, p_after_id, p_limit;
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_referral_inbox(text[], timestamptz, uuid, boolean, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_referral_inbox(text[], timestamptz, uuid, boolean, integer) TO tandem_app;

CREATE FUNCTION tandem_referral_inbox_count(p_statuses text[], p_bound integer) RETURNS integer
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  DECLARE
    v_caller text := coalesce(current_setting('tandem.caller', true), '');
    v_roles text := coalesce(current_setting('tandem.caller_roles', true), '');
    v_user text := coalesce(current_setting('tandem.user_id', true), '');
    v_org text := coalesce(current_setting('tandem.org_id', true), '');
    v_n integer;
  BEGIN
    IF v_caller = '' OR v_caller <> v_user || '/' || v_org
       OR (strpos(v_roles, ',case_coordinator,') = 0 AND strpos(v_roles, ',caseworker,') = 0)
       OR p_bound IS NULL OR p_bound < 0 OR p_bound > 10000 THEN
      RETURN 0;
    END IF;
    EXECUTE
      'SELECT count(*)::integer FROM (
         SELECT 1 FROM referrals r
         WHERE r.to_org_id = $1 AND r.status = ANY ($2)
           AND CASE WHEN r.status = ''proposed'' THEN true
                    WHEN EXISTS (SELECT 1 FROM case_list l
                                 WHERE l.org_id = $1 AND l.case_id = r.case_id AND l.relation = ''team''
                                   AND l.access_one_window AND current_date BETWEEN l.access_from AND l.access_until) THEN true
                    ELSE tandem_team_case(r.case_id, NULL) END
         LIMIT $3) m'
      INTO v_n
      USING v_org::uuid, p_statuses, p_bound + 1;
    RETURN v_n;
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_referral_inbox_count(text[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_referral_inbox_count(text[], integer) TO tandem_app;
