-- Search by case number along a prefix index; the sessions of an inbox page in one statement.
--
-- 1. A case number is `{jurisdiction}-{year}-{number}` (XM-2025-002508). Every one shares its
--    first trigrams with the whole country's ("xm-", "-20", "202"), so the trigram index read
--    long posting lists to find one entry (4–5 ms at national scale, twice per request: for the
--    page and for its count). A term shaped like the start of a case number ("XM-2025-0025")
--    can only match at the start of one, so it is looked up along a btree of the organisation's
--    case numbers instead: a range scan of the entries beginning with it. Other terms (a name,
--    "0025", "2025") keep the trigram indexes; aliases always do.
CREATE INDEX case_list_number_prefix_idx ON case_list (org_id, upper(case_number) text_pattern_ops);

-- 2. Same rule and caller as migration 0072 (the caller's organisation from the transaction,
--    exactly case_list's policy); only how the case number is matched depends on the term.
CREATE OR REPLACE FUNCTION tandem_case_search(p_pattern text) RETURNS SETOF uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  DECLARE
    v_caller text := coalesce(current_setting('tandem.caller', true), '');
    v_roles text := coalesce(current_setting('tandem.caller_roles', true), '');
    v_user text := coalesce(current_setting('tandem.user_id', true), '');
    v_org text := coalesce(current_setting('tandem.org_id', true), '');
    -- '%XM-2025-0025%' → 'XM-2025-0025%' (letters, digits and hyphens only: nothing to unescape).
    v_prefix text := CASE WHEN p_pattern ~ '^%[A-Za-z]{2}[A-Za-z0-9-]*-[0-9]{4}-[0-9]*%$'
                          THEN upper(substr(p_pattern, 2)) END;
    v_number text := CASE WHEN v_prefix IS NOT NULL THEN 'upper(i.case_number) LIKE $3' ELSE 'i.case_number ILIKE $2' END;
  BEGIN
    IF v_caller = '' OR v_caller <> v_user || '/' || v_org
       OR (strpos(v_roles, ',case_coordinator,') = 0 AND strpos(v_roles, ',caseworker,') = 0) THEN
      RETURN;
    END IF;
    -- EXECUTE: planned for this term (the prefix index, a trigram bitmap, or the organisation's
    -- entries when the term is too short to have trigrams).
    RETURN QUERY EXECUTE
      'SELECT i.case_id FROM case_list i
       WHERE (' || v_number || ' OR i.alias ILIKE $2) AND i.org_id = $1
         AND (i.relation = ''lead''
              OR (i.access_one_window AND current_date BETWEEN i.access_from AND i.access_until)
              OR tandem_team_case(i.case_id, NULL))'
      USING v_org::uuid, p_pattern, v_prefix;
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_case_search(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_case_search(text) TO tandem_app;

-- 3. The sessions of a page of referrals in one statement. tandem_referral_sessions (0072) was
--    called once per referral shown, each call probing need to know with tandem_team_case and
--    counting (0.1–0.2 ms a call): most of a caseworker's inbox time (two groups of 50). Same
--    rule, set-based: a session counts when it was recorded under the caller's organisation's
--    lead, or it belongs to the referral's case and the caller's organisation holds the case's
--    'referrals_services' section today or the caller an emergency access to it — exactly
--    service_sessions_select with tandem_team_case's two tests, asked once for all the page's
--    cases (the access matrix test compares the two for every relation). Counted from the
--    covering index. The caller is the transaction's, never an argument.
CREATE FUNCTION tandem_referral_sessions_of(p_referrals uuid[])
  RETURNS TABLE (referral uuid, sessions integer, last_on date)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  ROWS 50
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
    RETURN QUERY
      WITH page AS MATERIALIZED (SELECT r.id, r.case_id FROM referrals r WHERE r.id = ANY (p_referrals)),
      team AS MATERIALIZED (
        SELECT a.case_id FROM case_access a
        WHERE a.org_id = v_org::uuid AND a.case_id IN (SELECT p.case_id FROM page p)
          AND a.section = 'referrals_services' AND current_date BETWEEN a.valid_from AND a.valid_until
        UNION
        SELECT b.case_id FROM case_break_glass b JOIN cases c ON c.id = b.case_id AND c.status <> 'anonymised'
        WHERE b.case_id IN (SELECT p.case_id FROM page p) AND b.user_id = v_user::uuid AND b.expires_at > now())
      SELECT p.id, count(s.referral_id)::integer, max(s.session_on)
      FROM page p
      LEFT JOIN service_sessions s ON s.referral_id = p.id
        AND (s.lead_org_id = v_org::uuid OR (s.case_id = p.case_id AND p.case_id IN (SELECT t.case_id FROM team t)))
      GROUP BY p.id;
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_referral_sessions_of(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_referral_sessions_of(uuid[]) TO tandem_app;

DROP FUNCTION tandem_referral_sessions(uuid);
