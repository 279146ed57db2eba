-- Need to know at the speed of an index.
--
-- 1. Policies probe by key. `case_id IN (SELECT tandem_team_case_ids(…))` made every statement
--    on a case table read and de-duplicate all of the organisation's access-list rows (about
--    10,500 for a centre serving 1,758 cases), even to show one case. tandem_team_case(case, section)
--    answers the same question for one case with one look-up on the access list's
--    (org_id, case_id) index, and the policies below ask it per row instead (the set function
--    stays for the one function that still uses it). Offered cases likewise: tandem_case_offered.
--
-- 2. The case list reads an index shaped like it. case_list holds what each organisation may
--    list: the cases it leads and its open team places, each with the columns the list filters
--    and sorts by (status, category, region, sex, age band, updated_at) and shows (number,
--    alias, lead agency, opened on). Composite indexes match the list's filters and order, so a
--    page is a range scan of its 50 entries, not a sort of the whole team. Kept by triggers: on
--    cases (new case, changed columns), on case_team (the trigger that keeps the access list),
--    and on case_access itself (every change to the access list, whichever path made it).
--
--    Reading it stays exactly as need-to-know allows: an organisation reads its own entries,
--    with a case role, and a team entry only while tandem_team_case would say yes. To spare that
--    probe on every entry, each team entry carries the span of its access-list rows: when they
--    all share one window (the usual case: one consent, one agreement) and today is inside it,
--    the answer is known without the probe; otherwise (several windows, none, emergency access)
--    the probe decides.

-- Called once per row, so it calls no other function: nested SQL functions are planned again
-- on every call (tandem_case_role_ok() → tandem_has_role() → tandem_org_id() cost ~200 µs a
-- row). It reads the caller resolved for the transaction (migration 0070) itself, under the same
-- rule as tandem_org_id(): only while the context still names the person and organisation the
-- answer was resolved for; and a case role (coordinator or caseworker) as tandem_case_role_ok().
CREATE FUNCTION tandem_team_case(p_case uuid, p_section text) RETURNS boolean
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
      RETURN false;
    END IF;
    RETURN EXISTS (SELECT 1 FROM case_access a
                   WHERE a.org_id = v_org::uuid AND a.case_id = p_case
                     AND (p_section IS NULL OR a.section = p_section)
                     AND current_date BETWEEN a.valid_from AND a.valid_until)
        OR EXISTS (SELECT 1 FROM case_break_glass b JOIN cases c ON c.id = b.case_id AND c.status <> 'anonymised'
                   WHERE b.case_id = p_case AND b.user_id = v_user::uuid AND b.expires_at > now()
                     AND (p_section IS NULL OR p_section NOT IN ('security', 'psychosocial_notes', 'professional_judgement')));
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_team_case(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_team_case(uuid, text) TO tandem_app;

-- Each policy as it was, with the set replaced by the probe (same arguments, same meaning).
ALTER POLICY case_conferences_select ON case_conferences
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, 'case_conferences'::text)));
ALTER POLICY case_consents_select ON case_consents
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, 'consents'::text) OR ((recipient_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND tandem_team_case(case_id, NULL::text))));
ALTER POLICY case_events_select ON case_events
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok) AND ((section IS NULL) OR (section <> 'security'::text))) OR ((section IS NULL) AND tandem_team_case(case_id, NULL::text)) OR ((section IS NOT NULL) AND tandem_team_case(case_id, case_events.section))));
ALTER POLICY case_identity_select ON case_identity
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR ((section = 'identity'::text) AND tandem_team_case(case_id, 'identity'::text)) OR ((section = 'contact'::text) AND tandem_team_case(case_id, 'contact'::text))));
ALTER POLICY case_judgements_insert ON case_judgements
  WITH CHECK (((org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND (recorded_by = ( SELECT tandem_user_id() AS tandem_user_id)) AND (((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, 'professional_judgement'::text)) AND (EXISTS ( SELECT 1
   FROM cases c
  WHERE ((c.id = case_judgements.case_id) AND (c.status = 'open'::text)))) AND (EXISTS ( SELECT 1
   FROM judgement_instruments i
  WHERE ((i.id = case_judgements.instrument_id) AND (i.status = 'active'::text) AND ((i.owner_org_id IS NULL) OR (i.owner_org_id = ( SELECT tandem_org_id() AS tandem_org_id))))))));
ALTER POLICY case_judgements_select ON case_judgements
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, 'professional_judgement'::text)));
ALTER POLICY case_notes_select ON case_notes
  USING ((((section <> 'psychosocial_notes'::text) OR shared OR (author_org_id = ( SELECT tandem_org_id() AS tandem_org_id))) AND (((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok) AND (section <> 'security'::text)) OR ((section = 'psychosocial_notes'::text) AND tandem_team_case(case_id, 'psychosocial_notes'::text)) OR ((section = 'other_notes'::text) AND tandem_team_case(case_id, 'other_notes'::text)) OR ((section = 'security'::text) AND tandem_team_case(case_id, 'security'::text)))));
ALTER POLICY case_plan_actions_select ON case_plan_actions
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, 'case_plan'::text)));
ALTER POLICY case_plan_actions_update ON case_plan_actions
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR ((responsible_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND tandem_team_case(case_id, 'case_plan'::text))))
  WITH CHECK ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR ((responsible_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND tandem_team_case(case_id, 'case_plan'::text))));
ALTER POLICY case_plan_goals_select ON case_plan_goals
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, 'case_plan'::text)));
ALTER POLICY case_reminders_dismiss ON case_reminders
  USING (((org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND (((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, NULL::text) OR tandem_case_offered(case_id))))
  WITH CHECK (((org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND (dismissed_by = ( SELECT tandem_user_id() AS tandem_user_id))));
ALTER POLICY case_reminders_select ON case_reminders
  USING (((org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND (((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, NULL::text) OR tandem_case_offered(case_id))));
ALTER POLICY case_team_select ON case_team
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR (org_id = ( SELECT tandem_org_id() AS tandem_org_id)) OR tandem_team_case(case_id, NULL::text)));
ALTER POLICY case_workers_select ON case_workers
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, NULL::text)));
ALTER POLICY cases_select ON cases
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND (( SELECT tandem_case_role_ok() AS tandem_case_role_ok) OR ( SELECT tandem_has_role('dpo'::text) AS tandem_has_role))) OR tandem_team_case(id, NULL::text)));
ALTER POLICY household_links_select ON household_links
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, 'household'::text)));
ALTER POLICY needs_assessments_select ON needs_assessments
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, 'needs_assessment'::text)));
ALTER POLICY referrals_select ON referrals
  USING ((( SELECT tandem_case_role_ok() AS tandem_case_role_ok) AND ((from_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) OR ((to_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ((status = 'proposed'::text) OR tandem_team_case(case_id, NULL::text))))));
ALTER POLICY referrals_update ON referrals
  USING ((( SELECT tandem_case_role_ok() AS tandem_case_role_ok) AND (status = ANY (ARRAY['proposed'::text, 'accepted'::text])) AND ((from_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) OR ((to_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ((status = 'proposed'::text) OR tandem_team_case(case_id, NULL::text))))))
  WITH CHECK (((status = ANY (ARRAY['accepted'::text, 'declined'::text, 'withdrawn'::text, 'closed'::text])) AND ((from_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) OR (to_org_id = ( SELECT tandem_org_id() AS tandem_org_id)))));
ALTER POLICY service_sessions_select ON service_sessions
  USING ((((lead_org_id = ( SELECT tandem_org_id() AS tandem_org_id)) AND ( SELECT tandem_case_role_ok() AS tandem_case_role_ok)) OR tandem_team_case(case_id, 'referrals_services'::text)));

-- The list's own index.
CREATE TABLE case_list (
  org_id uuid NOT NULL REFERENCES organisations (id),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  relation text NOT NULL CHECK (relation IN ('lead', 'team')),
  case_number text NOT NULL,
  alias text NOT NULL,
  lead_org_id uuid NOT NULL,
  status text NOT NULL,
  category text NOT NULL,
  region text,
  sex text NOT NULL,
  age_band text NOT NULL,
  opened_on date NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Team entries: the span of the organisation's access-list rows on the case, and whether they
  -- all share that one window (then the span is exact).
  access_from date,
  access_until date,
  access_one_window boolean NOT NULL DEFAULT false,
  PRIMARY KEY (org_id, case_id)
);
-- The list's orders and filters: newest first overall, by status, by status and category (the
-- caseworker's everyday list); other filters are read from the entries along the first. Each
-- holds what the policy and the filters ask, so that counting a list (up to its bound) reads
-- the index alone.
CREATE INDEX case_list_recent_idx ON case_list (org_id, updated_at, case_id)
  INCLUDE (relation, access_one_window, access_from, access_until, status, category, sex, age_band, region);
CREATE INDEX case_list_status_idx ON case_list (org_id, status, updated_at, case_id)
  INCLUDE (relation, access_one_window, access_from, access_until, category, sex, age_band, region);
CREATE INDEX case_list_status_category_idx ON case_list (org_id, status, category, updated_at, case_id)
  INCLUDE (relation, access_one_window, access_from, access_until, sex, age_band, region);
CREATE INDEX case_list_case_idx ON case_list (case_id);
ALTER TABLE case_list ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_list FORCE ROW LEVEL SECURITY;
CREATE POLICY case_list_select ON case_list FOR SELECT TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok())
         AND (relation = 'lead'
              OR (access_one_window AND current_date BETWEEN access_from AND access_until)
              OR tandem_team_case(case_id, NULL)));
GRANT SELECT ON case_list TO tandem_app;

-- One organisation's team entry on one case, rebuilt from case_team, cases and case_access.
CREATE FUNCTION tandem_case_list_place(p_case uuid, p_org uuid) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  BEGIN
    DELETE FROM case_list WHERE case_id = p_case AND org_id = p_org AND relation = 'team';
    INSERT INTO case_list (org_id, case_id, relation, case_number, alias, lead_org_id, status, category, region, sex, age_band,
                           opened_on, updated_at, access_from, access_until, access_one_window)
    SELECT t.org_id, c.id, 'team', c.case_number, c.alias, c.lead_org_id, c.status, c.category, c.region, c.sex, c.age_band,
           c.opened_on, c.updated_at, w.f, w.u, w.n = 1
    FROM case_team t
    JOIN cases c ON c.id = t.case_id
    CROSS JOIN LATERAL (
      SELECT min(a.valid_from) AS f, max(a.valid_until) AS u, count(DISTINCT (a.valid_from, a.valid_until)) AS n
      FROM case_access a WHERE a.case_id = t.case_id AND a.org_id = t.org_id) w
    WHERE t.case_id = p_case AND t.org_id = p_org AND t.left_at IS NULL AND c.lead_org_id <> t.org_id
    ON CONFLICT DO NOTHING;
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_case_list_place(uuid, uuid) FROM PUBLIC;

-- The trigger that keeps the access list on team changes keeps the team entry too.
CREATE OR REPLACE FUNCTION tandem_case_access_after_team() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      PERFORM tandem_case_list_place(OLD.case_id, OLD.org_id);
      RETURN NULL;
    END IF;
    PERFORM tandem_refresh_case_access(NEW.case_id, NEW.org_id);
    PERFORM tandem_case_list_place(NEW.case_id, NEW.org_id);
    RETURN NULL;
  END
$$;
CREATE TRIGGER case_team_list_delete AFTER DELETE ON case_team FOR EACH ROW EXECUTE FUNCTION tandem_case_access_after_team();

-- Every change to the access list (a consent, an agreement, its parties, a team place, an
-- anonymised case, a cascade): the spans of the places it touched.
CREATE FUNCTION tandem_case_list_after_access() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  BEGIN
    PERFORM tandem_case_list_place(p.case_id, p.org_id) FROM (SELECT DISTINCT case_id, org_id FROM changed) p;
    RETURN NULL;
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_case_list_after_access() FROM PUBLIC;
CREATE TRIGGER case_access_list_insert AFTER INSERT ON case_access REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_case_list_after_access();
CREATE TRIGGER case_access_list_update AFTER UPDATE ON case_access REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_case_list_after_access();
CREATE TRIGGER case_access_list_delete AFTER DELETE ON case_access REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_case_list_after_access();

-- A new case is its lead agency's entry; a change to a listed column reaches every entry.
CREATE FUNCTION tandem_case_list_after_case() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO case_list (org_id, case_id, relation, case_number, alias, lead_org_id, status, category, region, sex, age_band, opened_on, updated_at)
      VALUES (NEW.lead_org_id, NEW.id, 'lead', NEW.case_number, NEW.alias, NEW.lead_org_id, NEW.status, NEW.category, NEW.region, NEW.sex,
              NEW.age_band, NEW.opened_on, NEW.updated_at);
    ELSE
      UPDATE case_list SET case_number = NEW.case_number, alias = NEW.alias, status = NEW.status, category = NEW.category,
        region = NEW.region, sex = NEW.sex, age_band = NEW.age_band, opened_on = NEW.opened_on, updated_at = NEW.updated_at
      WHERE case_id = NEW.id;
    END IF;
    RETURN NULL;
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_case_list_after_case() FROM PUBLIC;
CREATE TRIGGER cases_list_insert AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION tandem_case_list_after_case();
CREATE TRIGGER cases_list_update AFTER UPDATE OF case_number, alias, status, category, region, sex, age_band, opened_on, updated_at ON cases
  FOR EACH ROW EXECUTE FUNCTION tandem_case_list_after_case();

-- What there is already.
INSERT INTO case_list (org_id, case_id, relation, case_number, alias, lead_org_id, status, category, region, sex, age_band, opened_on, updated_at)
SELECT c.lead_org_id, c.id, 'lead', c.case_number, c.alias, c.lead_org_id, c.status, c.category, c.region, c.sex, c.age_band, c.opened_on, c.updated_at
FROM cases c;
INSERT INTO case_list (org_id, case_id, relation, case_number, alias, lead_org_id, status, category, region, sex, age_band,
                       opened_on, updated_at, access_from, access_until, access_one_window)
SELECT t.org_id, c.id, 'team', c.case_number, c.alias, c.lead_org_id, c.status, c.category, c.region, c.sex, c.age_band,
       c.opened_on, c.updated_at, w.f, w.u, coalesce(w.n = 1, false)
FROM case_team t
JOIN cases c ON c.id = t.case_id
LEFT JOIN (SELECT a.case_id, a.org_id, min(a.valid_from) AS f, max(a.valid_until) AS u, count(DISTINCT (a.valid_from, a.valid_until)) AS n
           FROM case_access a GROUP BY a.case_id, a.org_id) w ON w.case_id = t.case_id AND w.org_id = t.org_id
WHERE t.left_at IS NULL AND c.lead_org_id <> t.org_id;
ANALYZE case_list;
