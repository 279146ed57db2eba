-- The case plan (goals per need domain, actions with a responsible organisation, worker and
-- target date) and case conferences (agenda, attendees, minutes, decisions, and action items
-- that become plan actions when the conference is recorded). Need-to-know as on every case
-- table: the lead agency's case roles, and team organisations whose section set holds
-- `case_plan` or `case_conferences` through the access list.

CREATE TABLE case_plan_goals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  lead_org_id uuid NOT NULL,
  domain text NOT NULL CHECK (domain IN ('psychosocial', 'vocational', 'financial', 'educational', 'legal',
    'religious_ideological', 'familial', 'communication_social', 'health', 'housing', 'documentation', 'community_acceptance')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'achieved', 'discontinued')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, case_id)
);
CREATE INDEX case_plan_goals_case_idx ON case_plan_goals (case_id, domain);
CREATE INDEX case_plan_goals_lead_idx ON case_plan_goals (lead_org_id, case_id);

CREATE TABLE case_conferences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  lead_org_id uuid NOT NULL,
  held_at timestamptz NOT NULL,
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
  agenda text[] NOT NULL DEFAULT '{}' CHECK (cardinality(agenda) <= 30),
  -- [{orgId, name, role}]: people by organisation, named as the minutes name them.
  attendees jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attendees) = 'array'),
  minutes text CHECK (length(minutes) <= 20000),
  decisions text[] NOT NULL DEFAULT '{}' CHECK (cardinality(decisions) <= 30),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'recorded')),
  recorded_at timestamptz,
  recorded_by uuid REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'recorded') = (recorded_at IS NOT NULL)),
  UNIQUE (id, case_id)
);
CREATE INDEX case_conferences_case_idx ON case_conferences (case_id, held_at DESC);
CREATE INDEX case_conferences_lead_idx ON case_conferences (lead_org_id, case_id);

CREATE TABLE case_plan_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  lead_org_id uuid NOT NULL,
  goal_id uuid NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  responsible_org_id uuid NOT NULL REFERENCES organisations (id),
  responsible_user_id uuid REFERENCES users (id),
  target_date date NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  completed_on date,
  conference_id uuid,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'done') = (completed_on IS NOT NULL)),
  -- A goal and a conference of the same case only.
  FOREIGN KEY (goal_id, case_id) REFERENCES case_plan_goals (id, case_id) ON DELETE CASCADE,
  FOREIGN KEY (conference_id, case_id) REFERENCES case_conferences (id, case_id)
);
CREATE INDEX case_plan_actions_case_idx ON case_plan_actions (case_id, goal_id);
CREATE INDEX case_plan_actions_lead_idx ON case_plan_actions (lead_org_id, case_id);
-- Open actions of an organisation by date: the home panel and reminders.
CREATE INDEX case_plan_actions_due_idx ON case_plan_actions (responsible_org_id, target_date) WHERE status IN ('planned', 'in_progress');

CREATE TRIGGER case_plan_goals_lead BEFORE INSERT OR UPDATE OF case_id ON case_plan_goals FOR EACH ROW EXECUTE FUNCTION tandem_copy_lead_org();
CREATE TRIGGER case_conferences_lead BEFORE INSERT OR UPDATE OF case_id ON case_conferences FOR EACH ROW EXECUTE FUNCTION tandem_copy_lead_org();
CREATE TRIGGER case_plan_actions_lead BEFORE INSERT OR UPDATE OF case_id ON case_plan_actions FOR EACH ROW EXECUTE FUNCTION tandem_copy_lead_org();

-- The responsible organisation may move its own action along (status and completion date),
-- nothing else; the policies let it update the row, this says which columns.
CREATE FUNCTION tandem_plan_action_columns() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF tandem_org_id() IS NOT NULL AND NEW.lead_org_id <> tandem_org_id()
      AND (NEW.description, NEW.goal_id, NEW.responsible_org_id, NEW.responsible_user_id, NEW.target_date, NEW.conference_id, NEW.case_id)
        IS DISTINCT FROM (OLD.description, OLD.goal_id, OLD.responsible_org_id, OLD.responsible_user_id, OLD.target_date, OLD.conference_id, OLD.case_id) THEN
      RAISE EXCEPTION 'only the lead agency changes an action beyond its status' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER case_plan_actions_columns BEFORE UPDATE ON case_plan_actions FOR EACH ROW EXECUTE FUNCTION tandem_plan_action_columns();

-- People who may be named on the plan or at a conference of a case: active case coordinators
-- and caseworkers of the lead agency and of the team organisations. Only for someone who sees
-- the plan or the conferences of that case (names of other organisations' staff are otherwise
-- not readable).
CREATE FUNCTION tandem_case_people(p_case uuid) RETURNS TABLE (org_id uuid, user_id uuid, display_name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT m.org_id, u.id, u.display_name
    FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.status = 'active' AND u.status = 'active' AND m.roles && ARRAY['case_coordinator', 'caseworker']
      AND tandem_case_sections(p_case) && ARRAY['case_plan', 'case_conferences']
      AND m.org_id IN (SELECT c.lead_org_id FROM cases c WHERE c.id = p_case
                       UNION SELECT t.org_id FROM case_team t WHERE t.case_id = p_case AND t.left_at IS NULL)
  $$;

-- Whether an organisation sees the plan of a case today (for lists asked outside a request,
-- such as reminders, which must not tell an organisation about a plan it no longer sees).
CREATE FUNCTION tandem_org_sees_plan(p_case uuid, p_org uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT EXISTS (SELECT 1 FROM cases c WHERE c.id = p_case AND c.lead_org_id = p_org AND c.status <> 'anonymised')
      OR EXISTS (SELECT 1 FROM case_access a WHERE a.case_id = p_case AND a.org_id = p_org AND a.section = 'case_plan'
                 AND current_date BETWEEN a.valid_from AND a.valid_until)
  $$;

REVOKE EXECUTE ON FUNCTION tandem_case_people(uuid), tandem_org_sees_plan(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_case_people(uuid), tandem_org_sees_plan(uuid, uuid) TO tandem_app;

GRANT SELECT, INSERT, UPDATE ON case_plan_goals, case_plan_actions, case_conferences TO tandem_app;

ALTER TABLE case_plan_goals ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_plan_goals FORCE ROW LEVEL SECURITY;
ALTER TABLE case_plan_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_plan_actions FORCE ROW LEVEL SECURITY;
ALTER TABLE case_conferences ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_conferences FORCE ROW LEVEL SECURITY;

CREATE POLICY case_plan_goals_select ON case_plan_goals FOR SELECT TO tandem_app
  USING ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok())) OR case_id IN (SELECT tandem_team_case_ids('case_plan')));
CREATE POLICY case_plan_goals_insert ON case_plan_goals FOR INSERT TO tandem_app
  WITH CHECK (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()));
CREATE POLICY case_plan_goals_update ON case_plan_goals FOR UPDATE TO tandem_app
  USING (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
  WITH CHECK (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()));

CREATE POLICY case_plan_actions_select ON case_plan_actions FOR SELECT TO tandem_app
  USING ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok())) OR case_id IN (SELECT tandem_team_case_ids('case_plan')));
CREATE POLICY case_plan_actions_insert ON case_plan_actions FOR INSERT TO tandem_app
  WITH CHECK (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()));
CREATE POLICY case_plan_actions_update ON case_plan_actions FOR UPDATE TO tandem_app
  USING ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
    OR (responsible_org_id = (SELECT tandem_org_id()) AND case_id IN (SELECT tandem_team_case_ids('case_plan'))))
  WITH CHECK ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
    OR (responsible_org_id = (SELECT tandem_org_id()) AND case_id IN (SELECT tandem_team_case_ids('case_plan'))));

CREATE POLICY case_conferences_select ON case_conferences FOR SELECT TO tandem_app
  USING ((lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok())) OR case_id IN (SELECT tandem_team_case_ids('case_conferences')));
CREATE POLICY case_conferences_insert ON case_conferences FOR INSERT TO tandem_app
  WITH CHECK (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')));
CREATE POLICY case_conferences_update ON case_conferences FOR UPDATE TO tandem_app
  USING (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')))
  WITH CHECK (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')));
