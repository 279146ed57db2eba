-- Computed indicators from case data: a catalogue of vetted SQL functions that return counts per
-- cell of a disaggregation and nothing else.
--
-- tandem_stats is a role that may read the case tables (its own SELECT policies below) and owns
-- the indicator functions, which run with its rights (SECURITY DEFINER). No request runs as it
-- and it can log in nowhere; the application role may execute the functions and nothing of
-- tandem_stats' reading rights reaches it. No function returns a row of a table, an identifier
-- or a value of one person: only (row key, column key, count) from GROUP BY over fixed, coded
-- dimensions. Disclosure control (suppression of small counts and of the counts that would give
-- them away) is applied by the service to every output before it leaves the server.
--
-- Who may see which scope (checked here from the transaction's caller, and independently by the
-- service, monitoring/indicator-policy.ts):
--   national      the caller organisation's whole jurisdiction: plan coordinators, donor
--                 officers, and case coordinators of a government organisation;
--   organisation  the caller organisation's own caseload (cases it leads or is on the team of;
--                 referrals to or from it; consents given to it or on cases it leads): case
--                 coordinators, caseworkers, organisation administrators and data protection
--                 officers of any organisation.
-- Anyone else gets no rows.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem_stats') THEN
    CREATE ROLE tandem_stats NOLOGIN NOINHERIT;
  END IF;
END
$$;
GRANT tandem_stats TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO tandem_stats;

-- What tandem_stats reads, column by column: coded dimensions and dates, never names, notes or
-- identifying fields (no alias, case number, birth year, closure reason, purpose…).
GRANT SELECT (id, jurisdiction, sex, age_band, category, region, lead_org_id, status, closed_on) ON cases TO tandem_stats;
GRANT SELECT (case_id, org_id, left_at) ON case_team TO tandem_stats;
GRANT SELECT (case_id) ON case_plan_goals TO tandem_stats;
GRANT SELECT (case_id, from_org_id, to_org_id, status, decided_at, created_at) ON referrals TO tandem_stats;
GRANT SELECT (case_id, recipient_org_id, given_by, starts_on, ends_on, withdrawn_at) ON case_consents TO tandem_stats;
GRANT SELECT (id, type, country) ON organisations TO tandem_stats;
GRANT EXECUTE ON FUNCTION tandem_org_id(), tandem_has_role(text) TO tandem_stats;

CREATE POLICY cases_stats ON cases FOR SELECT TO tandem_stats USING (true);
CREATE POLICY case_team_stats ON case_team FOR SELECT TO tandem_stats USING (true);
CREATE POLICY case_plan_goals_stats ON case_plan_goals FOR SELECT TO tandem_stats USING (true);
CREATE POLICY referrals_stats ON referrals FOR SELECT TO tandem_stats USING (true);
CREATE POLICY case_consents_stats ON case_consents FOR SELECT TO tandem_stats USING (true);
-- Of organisations, only the caller's own row (its type and country decide the scope).
CREATE POLICY organisations_stats ON organisations FOR SELECT TO tandem_stats USING (id = (SELECT tandem_org_id()));

-- The scope conditions are written out in each function rather than in a helper: a function
-- with its own search_path is not inlined, and one call per case row costs seconds at scale.

-- The scope the caller may have, of the one asked for: one row (scope, organisation, country),
-- scope null when refused. Not a definer itself: it runs inside the indicator functions, as
-- tandem_stats, and nobody else may execute it.
CREATE FUNCTION tandem_stats_scope(p_scope text) RETURNS TABLE (scope text, org uuid, country text)
  LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT CASE
        WHEN p_scope = 'national' AND (tandem_has_role('plan_coordinator') OR tandem_has_role('donor_officer')
          OR (tandem_has_role('case_coordinator') AND o.type = 'government')) THEN 'national'
        WHEN p_scope = 'organisation' AND (tandem_has_role('case_coordinator') OR tandem_has_role('caseworker')
          OR tandem_has_role('org_admin') OR tandem_has_role('dpo')) THEN 'organisation'
      END, o.id, o.country
    FROM organisations o WHERE o.id = tandem_org_id()
  $$;

-- Open cases by category, age band or region (p_by), against sex.
CREATE FUNCTION tandem_indicator_open_cases(p_scope text, p_by text) RETURNS TABLE (row_key text, col_key text, n integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT CASE p_by WHEN 'category' THEN c.category WHEN 'age_band' THEN c.age_band ELSE coalesce(c.region, '') END, c.sex, count(*)::int
    FROM tandem_stats_scope(p_scope) s
    JOIN cases c ON c.status = 'open'
    WHERE p_by IN ('category', 'age_band', 'region')
      AND CASE s.scope
        WHEN 'national' THEN c.jurisdiction = s.country
        WHEN 'organisation' THEN c.lead_org_id = s.org
          OR EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.org_id = s.org AND t.left_at IS NULL)
        ELSE false END
    GROUP BY 1, 2
  $$;

-- Open cases with and without a case plan (at least one goal), against sex.
CREATE FUNCTION tandem_indicator_case_plans(p_scope text) RETURNS TABLE (row_key text, col_key text, n integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT CASE WHEN EXISTS (SELECT 1 FROM case_plan_goals g WHERE g.case_id = c.id) THEN 'with_plan' ELSE 'without_plan' END, c.sex, count(*)::int
    FROM tandem_stats_scope(p_scope) s
    JOIN cases c ON c.status = 'open'
    WHERE CASE s.scope
        WHEN 'national' THEN c.jurisdiction = s.country
        WHEN 'organisation' THEN c.lead_org_id = s.org
          OR EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.org_id = s.org AND t.left_at IS NULL)
        ELSE false END
    GROUP BY 1, 2
  $$;

-- Referrals made in the last 365 days: answered (accepted or declined) within p_days of being
-- made, answered later, or not answered; against the person's sex.
CREATE FUNCTION tandem_indicator_referrals_answered(p_scope text, p_days integer) RETURNS TABLE (row_key text, col_key text, n integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT CASE
        WHEN r.decided_at IS NULL THEN 'unanswered'
        WHEN r.decided_at <= r.created_at + make_interval(days => p_days) THEN 'within'
        ELSE 'later'
      END, c.sex, count(*)::int
    FROM tandem_stats_scope(p_scope) s
    JOIN referrals r ON r.created_at >= now() - interval '365 days'
    JOIN cases c ON c.id = r.case_id
    WHERE p_days BETWEEN 1 AND 365
      AND CASE s.scope
        WHEN 'national' THEN c.jurisdiction = s.country
        WHEN 'organisation' THEN r.to_org_id = s.org OR r.from_org_id = s.org
        ELSE false END
    GROUP BY 1, 2
  $$;

-- Active consents (begun, not ended, not withdrawn) that end within 30 days or later (or never),
-- by who gave them.
CREATE FUNCTION tandem_indicator_consents_expiring(p_scope text) RETURNS TABLE (row_key text, col_key text, n integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT k.given_by, CASE WHEN k.ends_on IS NOT NULL AND k.ends_on <= current_date + 30 THEN 'within_30_days' ELSE 'later_or_open' END, count(*)::int
    FROM tandem_stats_scope(p_scope) s
    JOIN case_consents k ON k.withdrawn_at IS NULL AND k.starts_on <= current_date AND (k.ends_on IS NULL OR k.ends_on >= current_date)
    JOIN cases c ON c.id = k.case_id AND c.status = 'open'
    WHERE CASE s.scope
        WHEN 'national' THEN c.jurisdiction = s.country
        WHEN 'organisation' THEN k.recipient_org_id = s.org OR c.lead_org_id = s.org
        ELSE false END
    GROUP BY 1, 2
  $$;

-- Cases closed in the last 365 days by category, against sex. (The reason for closing is free
-- text, which no indicator may group by; see the README.)
CREATE FUNCTION tandem_indicator_cases_closed(p_scope text) RETURNS TABLE (row_key text, col_key text, n integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT c.category, c.sex, count(*)::int
    FROM tandem_stats_scope(p_scope) s
    JOIN cases c ON c.status IN ('closed', 'anonymised') AND c.closed_on >= current_date - 365
    WHERE CASE s.scope
        WHEN 'national' THEN c.jurisdiction = s.country
        WHEN 'organisation' THEN c.lead_org_id = s.org
          OR EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.org_id = s.org AND t.left_at IS NULL)
        ELSE false END
    GROUP BY 1, 2
  $$;

REVOKE EXECUTE ON FUNCTION tandem_stats_scope(text),
  tandem_indicator_open_cases(text, text), tandem_indicator_case_plans(text), tandem_indicator_referrals_answered(text, integer),
  tandem_indicator_consents_expiring(text), tandem_indicator_cases_closed(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_indicator_open_cases(text, text), tandem_indicator_case_plans(text),
  tandem_indicator_referrals_answered(text, integer), tandem_indicator_consents_expiring(text), tandem_indicator_cases_closed(text) TO tandem_app;

-- Owned by tandem_stats, so that they read with its rights. Changing a function's owner asks that
-- the new owner could have created it: CREATE on the schema, given for this step only.
GRANT CREATE ON SCHEMA public TO tandem_stats;
ALTER FUNCTION tandem_stats_scope(text) OWNER TO tandem_stats;
ALTER FUNCTION tandem_indicator_open_cases(text, text) OWNER TO tandem_stats;
ALTER FUNCTION tandem_indicator_case_plans(text) OWNER TO tandem_stats;
ALTER FUNCTION tandem_indicator_referrals_answered(text, integer) OWNER TO tandem_stats;
ALTER FUNCTION tandem_indicator_consents_expiring(text) OWNER TO tandem_stats;
ALTER FUNCTION tandem_indicator_cases_closed(text) OWNER TO tandem_stats;
REVOKE CREATE ON SCHEMA public FROM tandem_stats;
