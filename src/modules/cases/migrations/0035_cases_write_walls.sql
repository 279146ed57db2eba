-- The database wall for cases, closed where an adversarial review found it open (SQL as the
-- application role, with the application's checks skipped):
--  * an organisation offered a referral read the whole case row (birth year, legal status,
--    nationality, languages): it now reads only the header, through one function;
--  * the receiver of a referral read it (and the reason, which describes the person) after its
--    consent was withdrawn: it now reads it while the referral waits for its answer, or while
--    some section of the case is open to it;
--  * team rows were written by the team organisation itself (so it could widen its sections,
--    name itself the security role, or join by naming a referral it had declined): the
--    application role now writes no team row at all — the database adds one when a referral is
--    accepted, from that referral;
--  * the receiver could update any column of a referral: it now answers through one function
--    (accept, joining the team; or decline with a reason), and otherwise may only close the
--    referral in progress; the sender may withdraw it while it waits, or close it;
--  * elsewhere, column grants now name the columns the application changes, so that no row of
--    a case table moves to another case or organisation, and inserts name the acting person.

-- Header of cases offered to the acting organisation -------------------------------------------
-- The person's alias, sex, age band, category and region (and who leads the case, whether it is
-- open): what an organisation needs to decide whether to accept, nothing that identifies.
CREATE FUNCTION tandem_offered_case_headers(p_cases uuid[])
  RETURNS TABLE (id uuid, lead_org_id uuid, status text, alias text, sex text, age_band text, category text, region text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT c.id, c.lead_org_id, c.status, c.alias, c.sex, c.age_band, c.category, c.region
    FROM cases c
    WHERE c.id = ANY (p_cases) AND c.status <> 'anonymised' AND tandem_case_role_ok()
      AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND r.to_org_id = tandem_org_id() AND r.status = 'proposed')
  $$;
REVOKE EXECUTE ON FUNCTION tandem_offered_case_headers(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_offered_case_headers(uuid[]) TO tandem_app;

DROP POLICY cases_select ON cases;
CREATE POLICY cases_select ON cases FOR SELECT TO tandem_app
  USING (
    (lead_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_case_role_ok()) OR (SELECT tandem_has_role('dpo'))))
    OR id IN (SELECT tandem_team_case_ids(NULL)));

-- Cases: the lead's coordinators close and reopen; its data protection officer alone sets a
-- legal hold (a coordinator cannot lift one to let retention run). The policies say whose cases;
-- these guards say which of the lead's people may set which columns.
REVOKE UPDATE ON cases FROM tandem_app;
GRANT UPDATE (status, closed_on, closure_reason, aftercare_until, updated_at, legal_hold, legal_hold_reason) ON cases TO tandem_app;
-- Guards name the columns an UPDATE sets (whatever their values), so that what may be written
-- is a matter of who writes, not of whether the value happens to change.
CREATE FUNCTION tandem_case_hold_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF current_user = 'tandem_app' AND NOT tandem_has_role('dpo') THEN
      RAISE EXCEPTION 'only the data protection officer sets or lifts a legal hold' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER cases_hold_guard BEFORE UPDATE OF legal_hold, legal_hold_reason ON cases
  FOR EACH ROW EXECUTE FUNCTION tandem_case_hold_guard();
CREATE FUNCTION tandem_case_closure_guard() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF current_user = 'tandem_app' AND (NOT tandem_has_role('case_coordinator') OR NEW.status = 'anonymised') THEN
      RAISE EXCEPTION 'a case coordinator of the lead agency closes or reopens a case; only retention anonymises' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER cases_closure_guard BEFORE UPDATE OF status, closed_on, closure_reason, aftercare_until ON cases
  FOR EACH ROW EXECUTE FUNCTION tandem_case_closure_guard();

-- A plan action: beyond its status, only the lead agency changes it (the responsible organisation
-- marks its progress). Was a comparison of values; now the columns named decide.
DROP TRIGGER case_plan_actions_columns ON case_plan_actions;
CREATE OR REPLACE FUNCTION tandem_plan_action_columns() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF current_user = 'tandem_app' AND OLD.lead_org_id IS DISTINCT FROM tandem_org_id() THEN
      RAISE EXCEPTION 'only the lead agency changes an action beyond its status' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER case_plan_actions_columns
  BEFORE UPDATE OF description, goal_id, responsible_org_id, responsible_user_id, target_date, conference_id, case_id ON case_plan_actions
  FOR EACH ROW EXECUTE FUNCTION tandem_plan_action_columns();

-- Referrals -------------------------------------------------------------------------------------
DROP POLICY referrals_select ON referrals;
CREATE POLICY referrals_select ON referrals FOR SELECT TO tandem_app
  USING ((SELECT tandem_case_role_ok())
    AND (from_org_id = (SELECT tandem_org_id())
         OR (to_org_id = (SELECT tandem_org_id()) AND (status = 'proposed' OR case_id IN (SELECT tandem_team_case_ids(NULL))))));

DROP POLICY referrals_insert ON referrals;
CREATE POLICY referrals_insert ON referrals FOR INSERT TO tandem_app
  WITH CHECK (from_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator'))
    AND created_by = (SELECT tandem_user_id())
    AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id()) AND c.status = 'open'));

DROP POLICY referrals_update ON referrals;
CREATE POLICY referrals_update ON referrals FOR UPDATE TO tandem_app
  USING ((SELECT tandem_case_role_ok()) AND status IN ('proposed', 'accepted')
    AND (from_org_id = (SELECT tandem_org_id())
         OR (to_org_id = (SELECT tandem_org_id()) AND (status = 'proposed' OR case_id IN (SELECT tandem_team_case_ids(NULL))))))
  WITH CHECK (status IN ('accepted', 'declined', 'withdrawn', 'closed')
    AND (from_org_id = (SELECT tandem_org_id()) OR to_org_id = (SELECT tandem_org_id())));

REVOKE INSERT, UPDATE ON referrals FROM tandem_app;
GRANT INSERT (case_id, from_org_id, to_org_id, need_domain, service, reason, data_categories, consent_id, agreement_id, answer_due_on, created_by) ON referrals TO tandem_app;
GRANT UPDATE (status, decided_at, decided_by, outcome, outcome_notes, closed_at) ON referrals TO tandem_app;

-- Who may move a referral along its life, and which columns go with each step. Answering is not
-- among them: it is tandem_answer_referral() below.
CREATE FUNCTION tandem_referral_steps() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    v_org uuid := tandem_org_id();
    v_step text := OLD.status || '>' || NEW.status;
  BEGIN
    IF current_user <> 'tandem_app' THEN RETURN NEW; END IF;
    IF NOT (
         (v_org = OLD.to_org_id AND v_step = 'accepted>closed')
      OR (v_org = OLD.from_org_id AND v_step IN ('proposed>withdrawn', 'accepted>closed'))) THEN
      RAISE EXCEPTION 'this change of a referral is not open to the acting organisation' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_step = 'accepted>closed' THEN
      IF (NEW.decided_at, NEW.decided_by) IS DISTINCT FROM (OLD.decided_at, OLD.decided_by) THEN
        RAISE EXCEPTION 'closing a referral does not change its answer' USING ERRCODE = 'insufficient_privilege';
      END IF;
    ELSIF NEW.decided_by IS DISTINCT FROM tandem_user_id()
       OR (NEW.outcome, NEW.outcome_notes, NEW.closed_at) IS DISTINCT FROM (OLD.outcome, OLD.outcome_notes, OLD.closed_at) THEN
      RAISE EXCEPTION 'a withdrawal records who made it and nothing else' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER referrals_steps BEFORE UPDATE ON referrals FOR EACH ROW EXECUTE FUNCTION tandem_referral_steps();

-- The case team: joined only by accepting a referral, which adds the team row from the referral
-- (the sections it named; role service provider). The application role writes no team row, so
-- no organisation can widen its own place, change its role, or join by naming another referral.
-- Accepting is one privileged step because the accepted referral must be readable by its
-- receiver in the same statement that makes it so (its team place is what opens it).
DROP POLICY case_team_join ON case_team;
DROP POLICY case_team_update ON case_team;
REVOKE INSERT, UPDATE, DELETE ON case_team FROM tandem_app;

-- The receiver's answer: accepted (joining the team) or declined with a reason. Null when the
-- referral is not one waiting for the acting organisation's answer.
CREATE FUNCTION tandem_answer_referral(p_referral uuid, p_accept boolean, p_reason text) RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  DECLARE
    r referrals;
  BEGIN
    SELECT * INTO r FROM referrals
    WHERE id = p_referral AND to_org_id = tandem_org_id() AND status = 'proposed' AND tandem_case_role_ok()
    FOR UPDATE;
    IF NOT FOUND OR (NOT p_accept AND length(btrim(coalesce(p_reason, ''))) = 0) THEN RETURN NULL; END IF;
    UPDATE referrals SET status = CASE WHEN p_accept THEN 'accepted' ELSE 'declined' END,
      decided_at = now(), decided_by = tandem_user_id(), decline_reason = CASE WHEN p_accept THEN NULL ELSE p_reason END
    WHERE id = r.id;
    IF p_accept THEN
      INSERT INTO case_team (case_id, org_id, team_role, sections, via_referral_id)
        VALUES (r.case_id, r.to_org_id, 'service_provider', r.data_categories, r.id)
        ON CONFLICT (case_id, org_id) DO UPDATE
          SET sections = (SELECT array_agg(DISTINCT s ORDER BY s) FROM unnest(case_team.sections || excluded.sections) s),
              left_at = NULL, via_referral_id = excluded.via_referral_id;
    END IF;
    RETURN r.case_id;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_answer_referral(uuid, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_answer_referral(uuid, boolean, text) TO tandem_app;

-- Consents: recorded by the lead's coordinators in their own name; withdrawal is the only
-- change, and it cannot be undone (a withdrawn consent stays withdrawn; record a new one).
DROP POLICY case_consents_lead ON case_consents;
CREATE POLICY case_consents_lead ON case_consents FOR INSERT TO tandem_app
  WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id()))
    AND (SELECT tandem_has_role('case_coordinator')) AND recorded_by = (SELECT tandem_user_id()) AND withdrawn_at IS NULL);
DROP POLICY case_consents_lead_update ON case_consents;
CREATE POLICY case_consents_lead_update ON case_consents FOR UPDATE TO tandem_app
  USING (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')) AND withdrawn_at IS NULL)
  WITH CHECK (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')) AND withdrawn_at IS NOT NULL);
REVOKE UPDATE ON case_consents FROM tandem_app;
GRANT UPDATE (withdrawn_at, withdrawal_reason) ON case_consents TO tandem_app;

-- Needs assessments are never changed, only added (the trajectory is the history), and only
-- while the case is open — as notes and sessions below.
REVOKE UPDATE ON needs_assessments FROM tandem_app;
DROP POLICY needs_assessments_insert ON needs_assessments;
CREATE POLICY needs_assessments_insert ON needs_assessments FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND assessed_by = (SELECT tandem_user_id())
    AND 'needs_assessment' = ANY (tandem_case_sections(case_id))
    AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.status = 'open'));

-- Notes: by the acting person, in a section open to them; a note of a session belongs to that
-- session's case.
DROP POLICY case_notes_insert ON case_notes;
CREATE POLICY case_notes_insert ON case_notes FOR INSERT TO tandem_app
  WITH CHECK (author_org_id = (SELECT tandem_org_id()) AND author_id = (SELECT tandem_user_id())
    AND section = ANY (tandem_case_sections(case_id))
    AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.status = 'open')
    AND (session_id IS NULL OR EXISTS (SELECT 1 FROM service_sessions s WHERE s.id = session_id AND s.case_id = case_notes.case_id)));

-- Sessions: of an accepted referral to the acting organisation on this very case.
DROP POLICY service_sessions_insert ON service_sessions;
CREATE POLICY service_sessions_insert ON service_sessions FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND recorded_by = (SELECT tandem_user_id())
    AND 'referrals_services' = ANY (tandem_case_sections(case_id))
    AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.status = 'open')
    AND EXISTS (SELECT 1 FROM referrals r WHERE r.id = referral_id AND r.case_id = service_sessions.case_id
                AND r.to_org_id = (SELECT tandem_org_id()) AND r.status = 'accepted'));

-- Workers: people of the acting organisation, on a case open to it.
DROP POLICY case_workers_write ON case_workers;
CREATE POLICY case_workers_write ON case_workers FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND cardinality(tandem_case_sections(case_id)) > 0
    AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = case_workers.user_id AND m.org_id = (SELECT tandem_org_id()) AND m.status = 'active'));

-- The timeline: its actor columns are the acting person's, never written by the application.
REVOKE INSERT ON case_events FROM tandem_app;
GRANT INSERT (case_id, kind, section, data) ON case_events TO tandem_app;

-- Plans and conferences: the columns the application changes, no others (a goal, an action or a
-- conference never moves to another case).
REVOKE UPDATE ON case_plan_goals, case_plan_actions, case_conferences, household_links FROM tandem_app;
GRANT UPDATE (description, status, updated_at) ON case_plan_goals TO tandem_app;
GRANT UPDATE (description, responsible_org_id, responsible_user_id, target_date, status, completed_on, updated_at) ON case_plan_actions TO tandem_app;
GRANT UPDATE (attendees, minutes, decisions, status, recorded_at, recorded_by) ON case_conferences TO tandem_app;
GRANT UPDATE (relation) ON household_links TO tandem_app;

-- Imports: the progress columns.
REVOKE UPDATE ON case_imports FROM tandem_app;
GRANT UPDATE (status, imported_rows, errors, failure, finished_at, updated_at) ON case_imports TO tandem_app;

-- Case numbers: a coordinator takes numbers of its own jurisdiction only.
DROP POLICY case_number_counters_coordinator ON case_number_counters;
CREATE POLICY case_number_counters_coordinator ON case_number_counters FOR ALL TO tandem_app
  USING ((SELECT tandem_has_role('case_coordinator'))
    AND jurisdiction = (SELECT o.country FROM organisations o WHERE o.id = (SELECT tandem_org_id())))
  WITH CHECK ((SELECT tandem_has_role('case_coordinator'))
    AND jurisdiction = (SELECT o.country FROM organisations o WHERE o.id = (SELECT tandem_org_id())));
REVOKE UPDATE ON case_number_counters FROM tandem_app;
GRANT UPDATE (last) ON case_number_counters TO tandem_app;

-- Break-glass ------------------------------------------------------------------------------------
-- Finding a case by its number reached past need-to-know for anyone with a case role, without
-- breaking the glass: case numbers run in sequence, so one could learn which agency leads every
-- case. Now the lookup and the record are one step: the number is resolved only by opening
-- emergency access, which is recorded (with the reason) before anything is returned.
DROP FUNCTION tandem_case_for_break_glass(text);
CREATE FUNCTION tandem_open_break_glass(p_case_number text, p_reason text, p_minutes integer)
  RETURNS TABLE (id uuid, case_id uuid, lead_org_id uuid, expires_at timestamptz)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  DECLARE
    v_user uuid := tandem_user_id();
    v_org uuid := tandem_org_id();
    v_case cases;
  BEGIN
    IF v_org IS NULL OR NOT tandem_case_role_ok() OR p_minutes NOT BETWEEN 15 AND 240 THEN
      RETURN;
    END IF;
    SELECT c.* INTO v_case FROM cases c
    WHERE c.case_number = p_case_number AND c.status <> 'anonymised' AND c.lead_org_id <> v_org
      AND c.jurisdiction = (SELECT o.country FROM organisations o WHERE o.id = v_org);
    IF NOT FOUND THEN RETURN; END IF;
    RETURN QUERY
      INSERT INTO case_break_glass AS b (case_id, user_id, user_name, org_id, reason, expires_at)
      SELECT v_case.id, v_user, u.display_name, v_org, p_reason, now() + make_interval(mins => p_minutes)
      FROM users u WHERE u.id = v_user
      RETURNING b.id, b.case_id, v_case.lead_org_id, b.expires_at;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_open_break_glass(text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_open_break_glass(text, text, integer) TO tandem_app;
DROP POLICY case_break_glass_insert ON case_break_glass;
REVOKE INSERT ON case_break_glass FROM tandem_app;
DROP POLICY case_break_glass_review ON case_break_glass;
CREATE POLICY case_break_glass_review ON case_break_glass FOR UPDATE TO tandem_app
  USING ((SELECT tandem_has_role('dpo')) AND (org_id = (SELECT tandem_org_id())
    OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id()))))
  WITH CHECK ((SELECT tandem_has_role('dpo')) AND reviewed_by = (SELECT tandem_user_id()) AND (org_id = (SELECT tandem_org_id())
    OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id()))));

-- Data protection officers to tell: those of the case's lead agency and of the acting person's
-- organisation, for someone whose organisation leads the case or who holds emergency access to
-- it — never of any organisation named by the caller.
DROP FUNCTION tandem_dpo_contacts(uuid[]);
CREATE FUNCTION tandem_case_dpo_contacts(p_case uuid)
  RETURNS TABLE (email text, locale text, org_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    WITH c AS (
      SELECT c.lead_org_id FROM cases c
      WHERE c.id = p_case AND tandem_org_id() IS NOT NULL
        AND (c.lead_org_id = tandem_org_id()
             OR EXISTS (SELECT 1 FROM case_break_glass b WHERE b.case_id = c.id AND b.user_id = tandem_user_id() AND b.expires_at > now())))
    SELECT u.email, u.locale, m.org_id
    FROM c JOIN memberships m ON m.org_id IN (c.lead_org_id, tandem_org_id())
    JOIN users u ON u.id = m.user_id
    WHERE m.status = 'active' AND u.status = 'active' AND 'dpo' = ANY (m.roles)
  $$;
REVOKE EXECUTE ON FUNCTION tandem_case_dpo_contacts(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_case_dpo_contacts(uuid) TO tandem_app;

-- "Does organisation X see the plan of case Y" took X from the caller: gone (the application
-- decides from the facts; row-level security narrows the rows on its own).
DROP FUNCTION tandem_org_sees_plan(uuid, uuid);

-- The access list's builders are called by its triggers only.
REVOKE EXECUTE ON FUNCTION tandem_entitled_access(uuid, uuid, uuid), tandem_refresh_case_access(uuid, uuid),
  tandem_refresh_agreement_access(uuid) FROM PUBLIC;
