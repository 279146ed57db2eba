-- Need-to-know at national scale. Policies that call a function for every row cost a
-- millisecond a row: far too slow for a caseload of tens of thousands. So each case table carries
-- its lead agency (copied from the case when a row is written, never changed), and policies ask
-- two cheap questions, each answered once per statement:
--   the lead agency's case roles: lead_org_id = the acting organisation (an index lookup);
--   a team organisation: case_id IN (the set of cases where the section is open to it now, by
--   team membership, valid consent and agreement in force, or break-glass), computed set-wise.
-- The rules are those of tandem_case_sections(), which stays for single-case checks.

CREATE FUNCTION tandem_case_role_ok() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT tandem_has_role('case_coordinator') OR tandem_has_role('caseworker') $$;

-- Cases where `p_section` (or, when null, any section) is open to the acting organisation as a
-- team member, or to the acting person through break-glass.
CREATE FUNCTION tandem_team_case_ids(p_section text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT t.case_id
    FROM case_team t
    JOIN cases c ON c.id = t.case_id AND c.status <> 'anonymised'
    WHERE t.org_id = tandem_org_id() AND t.left_at IS NULL AND tandem_case_role_ok()
      AND EXISTS (
        SELECT 1
        FROM case_consents k
        JOIN agreement_parties y ON y.org_id = t.org_id
        JOIN agreement_parties x ON x.agreement_id = y.agreement_id AND x.org_id = c.lead_org_id
        JOIN partnership_agreements a ON a.id = y.agreement_id AND a.status = 'active'
          AND current_date BETWEEN a.valid_from AND a.valid_until
        CROSS JOIN LATERAL unnest(t.sections) AS s (section)
        WHERE k.case_id = t.case_id AND k.recipient_org_id = t.org_id AND k.withdrawn_at IS NULL
          AND current_date >= k.starts_on AND (k.ends_on IS NULL OR current_date <= k.ends_on)
          AND s.section = ANY (k.data_categories) AND s.section = ANY (a.data_categories)
          AND (s.section <> 'security' OR t.team_role = 'security')
          AND (p_section IS NULL OR s.section = p_section))
    UNION
    SELECT b.case_id FROM case_break_glass b
    JOIN cases c ON c.id = b.case_id AND c.status <> 'anonymised'
    WHERE b.user_id = tandem_user_id() AND b.expires_at > now() AND tandem_case_role_ok()
      AND (p_section IS NULL OR p_section NOT IN ('security', 'psychosocial_notes', 'professional_judgement'))
  $$;

-- Cases with a referral waiting for the acting organisation's answer.
CREATE FUNCTION tandem_offered_case_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT r.case_id FROM referrals r
    WHERE r.to_org_id = tandem_org_id() AND r.status = 'proposed' AND tandem_case_role_ok()
  $$;

REVOKE EXECUTE ON FUNCTION tandem_case_role_ok(), tandem_team_case_ids(text), tandem_offered_case_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_case_role_ok(), tandem_team_case_ids(text), tandem_offered_case_ids() TO tandem_app;

-- The lead agency, copied onto every row of a case table.
CREATE FUNCTION tandem_copy_lead_org() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  BEGIN
    SELECT lead_org_id INTO NEW.lead_org_id FROM cases WHERE id = NEW.case_id;
    RETURN NEW;
  END
  $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['case_identity', 'household_links', 'case_consents', 'case_team', 'case_workers',
    'service_sessions', 'needs_assessments', 'case_notes', 'case_events'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN lead_org_id uuid', t);
    EXECUTE format('UPDATE %I x SET lead_org_id = c.lead_org_id FROM cases c WHERE c.id = x.case_id', t);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN lead_org_id SET NOT NULL', t);
    EXECUTE format('CREATE INDEX %I ON %I (lead_org_id, case_id)', t || '_lead_idx', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OF case_id ON %I FOR EACH ROW EXECUTE FUNCTION tandem_copy_lead_org()', t || '_lead', t);
  END LOOP;
END
$$;
-- The lead agency never changes hands (a case moving agency is closed and opened anew).
CREATE FUNCTION tandem_lead_is_fixed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF NEW.lead_org_id <> OLD.lead_org_id THEN
      RAISE EXCEPTION 'the lead agency of a case does not change' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER cases_lead_fixed BEFORE UPDATE OF lead_org_id ON cases FOR EACH ROW EXECUTE FUNCTION tandem_lead_is_fixed();

CREATE INDEX cases_lead_updated_idx ON cases (lead_org_id, updated_at DESC, id);
CREATE INDEX referrals_from_idx ON referrals (from_org_id, created_at DESC);

-- The new policies, replacing those that asked tandem_case_sections() row by row.
DROP POLICY cases_select ON cases;
CREATE POLICY cases_select ON cases FOR SELECT TO tandem_app
  USING (
    (lead_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_case_role_ok()) OR (SELECT tandem_has_role('dpo'))))
    OR id IN (SELECT tandem_team_case_ids(NULL))
    OR id IN (SELECT tandem_offered_case_ids()));

DROP POLICY case_identity_select ON case_identity;
CREATE POLICY case_identity_select ON case_identity FOR SELECT TO tandem_app
  USING (
    (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
    OR (section = 'identity' AND case_id IN (SELECT tandem_team_case_ids('identity')))
    OR (section = 'contact' AND case_id IN (SELECT tandem_team_case_ids('contact'))));

DROP POLICY household_links_select ON household_links;
CREATE POLICY household_links_select ON household_links FOR SELECT TO tandem_app
  USING ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok())) OR case_id IN (SELECT tandem_team_case_ids('household')));

DROP POLICY case_consents_select ON case_consents;
CREATE POLICY case_consents_select ON case_consents FOR SELECT TO tandem_app
  USING (
    (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
    OR case_id IN (SELECT tandem_team_case_ids('consents'))
    OR (recipient_org_id = (SELECT tandem_org_id()) AND case_id IN (SELECT tandem_team_case_ids(NULL))));

DROP POLICY case_team_select ON case_team;
CREATE POLICY case_team_select ON case_team FOR SELECT TO tandem_app
  USING (
    (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
    OR org_id = (SELECT tandem_org_id())
    OR case_id IN (SELECT tandem_team_case_ids(NULL)));

DROP POLICY case_workers_select ON case_workers;
CREATE POLICY case_workers_select ON case_workers FOR SELECT TO tandem_app
  USING ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok())) OR case_id IN (SELECT tandem_team_case_ids(NULL)));

DROP POLICY service_sessions_select ON service_sessions;
CREATE POLICY service_sessions_select ON service_sessions FOR SELECT TO tandem_app
  USING ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok())) OR case_id IN (SELECT tandem_team_case_ids('referrals_services')));

DROP POLICY needs_assessments_select ON needs_assessments;
CREATE POLICY needs_assessments_select ON needs_assessments FOR SELECT TO tandem_app
  USING ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok())) OR case_id IN (SELECT tandem_team_case_ids('needs_assessment')));

-- Notes: the lead sees every section but security; psychosocial notes only when shared or its own.
DROP POLICY case_notes_select ON case_notes;
CREATE POLICY case_notes_select ON case_notes FOR SELECT TO tandem_app
  USING (
    (section <> 'psychosocial_notes' OR shared OR author_org_id = (SELECT tandem_org_id()))
    AND (
      (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()) AND section <> 'security')
      OR (section = 'psychosocial_notes' AND case_id IN (SELECT tandem_team_case_ids('psychosocial_notes')))
      OR (section = 'other_notes' AND case_id IN (SELECT tandem_team_case_ids('other_notes')))
      OR (section = 'security' AND case_id IN (SELECT tandem_team_case_ids('security')))));

DROP POLICY case_events_select ON case_events;
CREATE POLICY case_events_select ON case_events FOR SELECT TO tandem_app
  USING (
    (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()) AND (section IS NULL OR section <> 'security'))
    OR (section IS NULL AND case_id IN (SELECT tandem_team_case_ids(NULL)))
    OR (section IS NOT NULL AND case_id IN (SELECT tandem_team_case_ids(section))));
