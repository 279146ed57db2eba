-- National action plans made with civil society: plans and their stages, sections kept in
-- versions, consultations (window, questions, linked sections, modes, invitations, a register
-- of meeting participants), contributions with a reasoned response each, commitments with their
-- bodies, milestones and indicators, progress reported by the responsible body, independent
-- assessments by civil society, and files attached to any of these.
--
-- Who sees what (mirrored by the service's policy checks):
-- * a published plan, with its sections, consultations, commitments, progress and assessments,
--   is readable by everyone, signed in or not;
-- * an unpublished plan is readable by its owning body, and once out of drafting by those in
--   its country who take part in planning (plan coordinators and contributors);
-- * the owning body's plan coordinators write the plan, its consultations and commitments, and
--   answer contributions;
-- * a contribution is readable by its author (or the author's organisation when made on its
--   behalf), by the plan's coordinators, and by everyone once it is answered and the plan is
--   published; meeting registers only by the coordinators (the public sees counts).

CREATE TABLE plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  country text NOT NULL REFERENCES jurisdictions (code),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 300),
  summary text CHECK (length(summary) <= 8000),
  period_start date NOT NULL,
  period_end date NOT NULL,
  owner_org_id uuid NOT NULL REFERENCES organisations (id),
  stage text NOT NULL DEFAULT 'drafting' CHECK (stage IN ('drafting', 'consultation', 'adopted', 'implementation', 'evaluation')),
  -- Whether people may contribute in their own name, not only for an organisation.
  allows_individuals boolean NOT NULL DEFAULT false,
  published_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end > period_start)
);
CREATE INDEX plans_country_idx ON plans (country, period_start DESC);
CREATE INDEX plans_published_idx ON plans (published_at) WHERE published_at IS NOT NULL;

-- Every change of stage, with its date; the first row is the plan's creation (from_stage NULL).
-- Moving to "adopted" with contributions unanswered needs the coordinator's written reason.
CREATE TABLE plan_stage_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  from_stage text,
  to_stage text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  changed_by uuid REFERENCES users (id),
  reason text CHECK (length(reason) <= 4000),
  unanswered integer NOT NULL DEFAULT 0 CHECK (unanswered >= 0),
  CHECK (unanswered = 0 OR length(btrim(reason)) >= 10)
);
CREATE INDEX plan_stage_changes_plan_idx ON plan_stage_changes (plan_id, changed_at);

CREATE TABLE plan_sections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, plan_id)
);
CREATE INDEX plan_sections_plan_idx ON plan_sections (plan_id, position);

-- Each edit of a section is a new version; nothing is overwritten, so any two can be compared.
CREATE TABLE plan_section_versions (
  section_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
  body text NOT NULL CHECK (length(body) <= 50000),
  note text CHECK (length(note) <= 1000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (section_id, version),
  FOREIGN KEY (section_id, plan_id) REFERENCES plan_sections (id, plan_id) ON DELETE CASCADE
);

CREATE TABLE consultations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 300),
  description text CHECK (length(description) <= 8000),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  modes text[] NOT NULL CHECK (cardinality(modes) >= 1 AND modes <@ ARRAY['online', 'meeting']),
  -- 'invited': only invited organisations contribute; 'all': any organisation of the country.
  open_to text NOT NULL DEFAULT 'invited' CHECK (open_to IN ('invited', 'all')),
  meeting_place text CHECK (length(meeting_place) <= 300),
  meeting_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at > opens_at),
  UNIQUE (id, plan_id)
);
CREATE INDEX consultations_plan_idx ON consultations (plan_id, opens_at);

CREATE TABLE consultation_sections (
  consultation_id uuid NOT NULL,
  section_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  PRIMARY KEY (consultation_id, section_id),
  FOREIGN KEY (consultation_id, plan_id) REFERENCES consultations (id, plan_id) ON DELETE CASCADE,
  FOREIGN KEY (section_id, plan_id) REFERENCES plan_sections (id, plan_id) ON DELETE CASCADE
);

CREATE TABLE consultation_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 100),
  text text NOT NULL CHECK (length(btrim(text)) BETWEEN 3 AND 2000),
  UNIQUE (id, plan_id),
  FOREIGN KEY (consultation_id, plan_id) REFERENCES consultations (id, plan_id) ON DELETE CASCADE
);
CREATE INDEX consultation_questions_idx ON consultation_questions (consultation_id, position);

CREATE TABLE consultation_invitations (
  consultation_id uuid NOT NULL,
  org_id uuid NOT NULL REFERENCES organisations (id),
  plan_id uuid NOT NULL,
  invited_at timestamptz NOT NULL DEFAULT now(),
  invited_by uuid REFERENCES users (id),
  PRIMARY KEY (consultation_id, org_id),
  FOREIGN KEY (consultation_id, plan_id) REFERENCES consultations (id, plan_id) ON DELETE CASCADE
);
CREATE INDEX consultation_invitations_org_idx ON consultation_invitations (org_id);

-- Who took part in a meeting, as the register records them: no names, only what representation
-- is counted by (organisation, its type, women-led, the participant's sex).
CREATE TABLE consultation_participants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  org_id uuid REFERENCES organisations (id),
  org_name text NOT NULL CHECK (length(btrim(org_name)) BETWEEN 1 AND 200),
  org_type text NOT NULL CHECK (org_type IN ('government', 'cso', 'community', 'international', 'donor', 'academic', 'individual')),
  women_led boolean NOT NULL DEFAULT false,
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'not_stated')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (consultation_id, plan_id) REFERENCES consultations (id, plan_id) ON DELETE CASCADE
);
CREATE INDEX consultation_participants_idx ON consultation_participants (consultation_id);

CREATE TABLE commitments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  reference text NOT NULL CHECK (reference ~ '^[A-Za-z0-9._-]{1,20}$'),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 300),
  objective text NOT NULL CHECK (length(btrim(objective)) BETWEEN 3 AND 4000),
  problem text NOT NULL CHECK (length(btrim(problem)) BETWEEN 3 AND 4000),
  lead_org_id uuid NOT NULL REFERENCES organisations (id),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  budget_amount numeric(16, 2) CHECK (budget_amount >= 0),
  budget_currency text CHECK (budget_currency ~ '^[A-Z]{3}$'),
  budget_notes text CHECK (length(budget_notes) <= 2000),
  gender_marker smallint NOT NULL CHECK (gender_marker IN (0, 1, 2)),
  gender_justification text NOT NULL CHECK (length(btrim(gender_justification)) BETWEEN 10 AND 4000),
  communication_mechanism text NOT NULL CHECK (length(btrim(communication_mechanism)) BETWEEN 3 AND 4000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on),
  CHECK ((budget_amount IS NULL) = (budget_currency IS NULL)),
  UNIQUE (plan_id, reference),
  UNIQUE (id, plan_id)
);
CREATE INDEX commitments_lead_idx ON commitments (lead_org_id);

-- Supporting bodies with their role (responsible, accountable, consulted, informed).
CREATE TABLE commitment_bodies (
  commitment_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  org_id uuid NOT NULL REFERENCES organisations (id),
  role text NOT NULL CHECK (role IN ('responsible', 'accountable', 'consulted', 'informed')),
  PRIMARY KEY (commitment_id, org_id, role),
  FOREIGN KEY (commitment_id, plan_id) REFERENCES commitments (id, plan_id) ON DELETE CASCADE
);
CREATE INDEX commitment_bodies_org_idx ON commitment_bodies (org_id);

CREATE TABLE commitment_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  commitment_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 100),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 300),
  deliverable text NOT NULL CHECK (length(btrim(deliverable)) BETWEEN 3 AND 2000),
  due_on date NOT NULL,
  completed_on date,
  UNIQUE (id, plan_id),
  UNIQUE (id, commitment_id),
  FOREIGN KEY (commitment_id, plan_id) REFERENCES commitments (id, plan_id) ON DELETE CASCADE
);
CREATE INDEX commitment_milestones_idx ON commitment_milestones (commitment_id, position);

CREATE TABLE commitment_indicators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  commitment_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 50),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 3 AND 300),
  unit text NOT NULL CHECK (length(btrim(unit)) BETWEEN 1 AND 60),
  baseline numeric,
  target numeric,
  FOREIGN KEY (commitment_id, plan_id) REFERENCES commitments (id, plan_id) ON DELETE CASCADE
);
CREATE INDEX commitment_indicators_idx ON commitment_indicators (commitment_id, position);

-- Progress reported by the lead body or a body responsible for the commitment; its completion
-- level is the government's own assessment at that date.
CREATE TABLE commitment_progress (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  commitment_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  milestone_id uuid,
  org_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid REFERENCES users (id),
  reported_on date NOT NULL,
  completion text NOT NULL CHECK (completion IN ('not_started', 'limited', 'substantial', 'complete')),
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 3 AND 8000),
  milestone_done boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (commitment_id, plan_id) REFERENCES commitments (id, plan_id) ON DELETE CASCADE,
  FOREIGN KEY (milestone_id, commitment_id) REFERENCES commitment_milestones (id, commitment_id),
  CHECK (milestone_done = false OR milestone_id IS NOT NULL)
);
CREATE INDEX commitment_progress_idx ON commitment_progress (commitment_id, reported_on DESC, created_at DESC);

-- Independent assessments by civil society organisations, shown beside the government's own.
CREATE TABLE commitment_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  commitment_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  org_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid REFERENCES users (id),
  assessed_on date NOT NULL,
  completion text NOT NULL CHECK (completion IN ('not_started', 'limited', 'substantial', 'complete')),
  reasons text NOT NULL CHECK (length(btrim(reasons)) BETWEEN 10 AND 8000),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  FOREIGN KEY (commitment_id, plan_id) REFERENCES commitments (id, plan_id) ON DELETE CASCADE
);
CREATE INDEX commitment_assessments_idx ON commitment_assessments (commitment_id, assessed_on DESC, created_at DESC);

CREATE TABLE contributions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL,
  consultation_id uuid NOT NULL,
  section_id uuid,
  question_id uuid,
  org_id uuid NOT NULL REFERENCES organisations (id),
  user_id uuid NOT NULL REFERENCES users (id),
  on_behalf text NOT NULL CHECK (on_behalf IN ('organisation', 'individual')),
  -- Whether the public report names the organisation; individuals are never named.
  attribution text NOT NULL CHECK (attribution IN ('named', 'anonymous')),
  -- Copied when submitted, so that representation figures stay as they were at the time.
  org_type text NOT NULL,
  women_led boolean NOT NULL,
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 3 AND 20000),
  submitted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  response_status text CHECK (response_status IN ('accepted', 'partly_accepted', 'not_accepted', 'out_of_scope', 'under_consideration')),
  response_reasons text CHECK (length(response_reasons) <= 8000),
  responded_at timestamptz,
  responded_by uuid REFERENCES users (id),
  CHECK ((response_status IS NULL) = (responded_at IS NULL)),
  CHECK (response_status IS NULL OR length(btrim(response_reasons)) >= 10),
  CHECK (on_behalf = 'organisation' OR attribution = 'anonymous'),
  FOREIGN KEY (consultation_id, plan_id) REFERENCES consultations (id, plan_id) ON DELETE CASCADE,
  FOREIGN KEY (section_id, plan_id) REFERENCES plan_sections (id, plan_id),
  FOREIGN KEY (question_id, plan_id) REFERENCES consultation_questions (id, plan_id),
  UNIQUE (id, plan_id)
);
CREATE INDEX contributions_plan_idx ON contributions (plan_id, submitted_at);
CREATE INDEX contributions_org_idx ON contributions (org_id, submitted_at DESC);
CREATE INDEX contributions_user_idx ON contributions (user_id);

-- The plan elements that reflect a contribution's answer.
CREATE TABLE contribution_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contribution_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  section_id uuid,
  commitment_id uuid,
  CHECK ((section_id IS NULL) <> (commitment_id IS NULL)),
  FOREIGN KEY (contribution_id, plan_id) REFERENCES contributions (id, plan_id) ON DELETE CASCADE,
  FOREIGN KEY (section_id, plan_id) REFERENCES plan_sections (id, plan_id) ON DELETE CASCADE,
  FOREIGN KEY (commitment_id, plan_id) REFERENCES commitments (id, plan_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX contribution_links_unique ON contribution_links (contribution_id, coalesce(section_id, commitment_id));

-- Files attached to a contribution, a commitment (evidence), a progress update or an assessment.
-- Readable as the record they belong to is.
CREATE TABLE plan_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  owner_kind text NOT NULL CHECK (owner_kind IN ('contribution', 'commitment', 'progress', 'assessment')),
  owner_id uuid NOT NULL,
  org_id uuid NOT NULL REFERENCES organisations (id),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 5242880),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_files_owner_idx ON plan_files (owner_kind, owner_id);

-- ---------------------------------------------------------------------------------------------
-- Who may, as functions the policies share. SECURITY DEFINER so that a policy on one table can
-- ask about another without recursing through that table's own policies.

-- The acting person coordinates this plan: a plan coordinator of its owning body.
CREATE FUNCTION tandem_plan_coordinator(p_plan uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT EXISTS (SELECT 1 FROM plans p WHERE p.id = p_plan AND p.owner_org_id = tandem_org_id())
      AND tandem_has_role('plan_coordinator')
  $$;

-- The acting person (or the public) may read this plan and what belongs to it.
CREATE FUNCTION tandem_plan_readable(p_plan uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM plans p
      WHERE p.id = p_plan
        AND (p.published_at IS NOT NULL
             OR p.owner_org_id = tandem_org_id()
             OR (p.stage <> 'drafting'
                 AND (tandem_has_role('plan_coordinator') OR tandem_has_role('contributor'))
                 AND p.country = (SELECT o.country FROM organisations o WHERE o.id = tandem_org_id()))))
  $$;

-- The acting organisation leads this commitment or is responsible for it, and may report progress.
CREATE FUNCTION tandem_commitment_reporter(p_commitment uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT (tandem_has_role('plan_coordinator') OR tandem_has_role('contributor'))
      AND (EXISTS (SELECT 1 FROM commitments c WHERE c.id = p_commitment AND c.lead_org_id = tandem_org_id())
           OR EXISTS (SELECT 1 FROM commitment_bodies b WHERE b.commitment_id = p_commitment AND b.org_id = tandem_org_id() AND b.role = 'responsible'))
  $$;

-- The acting organisation may assess this commitment independently: a civil society, community
-- or academic organisation taking part in planning, neither leading it nor responsible for it.
CREATE FUNCTION tandem_commitment_assessor(p_commitment uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT tandem_has_role('contributor')
      AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = tandem_org_id() AND o.type IN ('cso', 'community', 'academic'))
      AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.id = p_commitment AND c.lead_org_id = tandem_org_id())
      AND NOT EXISTS (SELECT 1 FROM commitment_bodies b WHERE b.commitment_id = p_commitment AND b.org_id = tandem_org_id()
                      AND b.role IN ('responsible', 'accountable'))
  $$;

-- Where a plan coordinator's mail about a contribution goes: its author's address. Only for the
-- plan's coordinators (they cannot otherwise read accounts of other organisations).
CREATE FUNCTION tandem_contribution_author(p_contribution uuid) RETURNS TABLE (email text, display_name text, locale text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT u.email, u.display_name, u.locale
    FROM contributions c JOIN users u ON u.id = c.user_id
    WHERE c.id = p_contribution AND u.status = 'active' AND tandem_plan_coordinator(c.plan_id)
  $$;

-- Where an invitation to a consultation goes: the active contributors and plan coordinators of
-- the invited organisation. Only for the plan's coordinators.
CREATE FUNCTION tandem_consultation_invitees(p_consultation uuid, p_org uuid) RETURNS TABLE (email text, display_name text, locale text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT u.email, u.display_name, u.locale
    FROM consultations k
    JOIN memberships m ON m.org_id = p_org AND m.status = 'active' AND m.roles && ARRAY['contributor', 'plan_coordinator']
    JOIN users u ON u.id = m.user_id AND u.status = 'active'
    WHERE k.id = p_consultation AND tandem_plan_coordinator(k.plan_id)
  $$;

-- Representation figures of a plan, counted over every contribution and every meeting
-- participant, answered or not. Only counts leave this function, and only for a published plan
-- or its coordinators. dimension: 'contributions' (key = org type, women_led, response status)
-- or 'participants' (key = org type, women_led, sex).
CREATE FUNCTION tandem_plan_representation(p_plan uuid)
  RETURNS TABLE (dimension text, org_type text, women_led boolean, status text, n integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT 'contributions', c.org_type, c.women_led, coalesce(c.response_status, 'unanswered'), count(*)::int
    FROM contributions c
    WHERE c.plan_id = p_plan
      AND (tandem_plan_coordinator(p_plan) OR EXISTS (SELECT 1 FROM plans p WHERE p.id = p_plan AND p.published_at IS NOT NULL))
    GROUP BY 2, 3, 4
    UNION ALL
    SELECT 'participants', r.org_type, r.women_led, r.sex, count(*)::int
    FROM consultation_participants r
    WHERE r.plan_id = p_plan
      AND (tandem_plan_coordinator(p_plan) OR EXISTS (SELECT 1 FROM plans p WHERE p.id = p_plan AND p.published_at IS NOT NULL))
    GROUP BY 2, 3, 4
  $$;

REVOKE EXECUTE ON FUNCTION tandem_plan_coordinator(uuid), tandem_plan_readable(uuid), tandem_commitment_reporter(uuid),
  tandem_commitment_assessor(uuid), tandem_contribution_author(uuid), tandem_consultation_invitees(uuid, uuid),
  tandem_plan_representation(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_plan_coordinator(uuid), tandem_plan_readable(uuid), tandem_commitment_reporter(uuid),
  tandem_commitment_assessor(uuid), tandem_contribution_author(uuid), tandem_consultation_invitees(uuid, uuid),
  tandem_plan_representation(uuid) TO tandem_app;

-- ---------------------------------------------------------------------------------------------
-- Grants and policies.

GRANT SELECT, INSERT ON plans, plan_stage_changes, plan_sections, plan_section_versions, consultations,
  consultation_sections, consultation_questions, consultation_invitations, consultation_participants,
  commitments, commitment_bodies, commitment_milestones, commitment_indicators, commitment_progress,
  commitment_assessments, contributions, contribution_links, plan_files TO tandem_app;
GRANT UPDATE (title, summary, period_start, period_end, stage, allows_individuals, published_at, updated_at) ON plans TO tandem_app;
GRANT UPDATE (position) ON plan_sections TO tandem_app;
GRANT UPDATE (title, description, opens_at, closes_at, modes, open_to, meeting_place, meeting_at) ON consultations TO tandem_app;
GRANT UPDATE (position, text) ON consultation_questions TO tandem_app;
GRANT UPDATE (title, objective, problem, lead_org_id, starts_on, ends_on, budget_amount, budget_currency, budget_notes,
  gender_marker, gender_justification, communication_mechanism, updated_at) ON commitments TO tandem_app;
GRANT UPDATE (position, title, deliverable, due_on, completed_on) ON commitment_milestones TO tandem_app;
GRANT UPDATE (position, name, unit, baseline, target) ON commitment_indicators TO tandem_app;
GRANT UPDATE (response_status, response_reasons, responded_at, responded_by) ON contributions TO tandem_app;
GRANT DELETE ON consultation_sections, consultation_questions, consultation_invitations, consultation_participants,
  commitment_bodies, commitment_milestones, commitment_indicators, contribution_links TO tandem_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['plans', 'plan_stage_changes', 'plan_sections', 'plan_section_versions', 'consultations',
    'consultation_sections', 'consultation_questions', 'consultation_invitations', 'consultation_participants',
    'commitments', 'commitment_bodies', 'commitment_milestones', 'commitment_indicators', 'commitment_progress',
    'commitment_assessments', 'contributions', 'contribution_links', 'plan_files'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
  END LOOP;
  -- The plan's own parts: readable with the plan, written by its coordinators.
  FOREACH t IN ARRAY ARRAY['plan_stage_changes', 'plan_sections', 'plan_section_versions', 'consultations',
    'consultation_sections', 'consultation_questions', 'commitments', 'commitment_bodies',
    'commitment_milestones', 'commitment_indicators'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO tandem_app USING ((SELECT tandem_plan_readable(plan_id)))', t || '_select', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO tandem_app WITH CHECK ((SELECT tandem_plan_coordinator(plan_id)))', t || '_insert', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO tandem_app USING ((SELECT tandem_plan_coordinator(plan_id))) WITH CHECK ((SELECT tandem_plan_coordinator(plan_id)))', t || '_update', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO tandem_app USING ((SELECT tandem_plan_coordinator(plan_id)))', t || '_delete', t);
  END LOOP;
END
$$;

CREATE POLICY plans_select ON plans FOR SELECT TO tandem_app USING (tandem_plan_readable(id));
CREATE POLICY plans_insert ON plans FOR INSERT TO tandem_app
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('plan_coordinator')));
CREATE POLICY plans_update ON plans FOR UPDATE TO tandem_app
  USING (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('plan_coordinator')))
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('plan_coordinator')));

-- Invitations: the coordinators, and the invited organisation itself.
CREATE POLICY consultation_invitations_select ON consultation_invitations FOR SELECT TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) OR (SELECT tandem_plan_coordinator(plan_id)));
CREATE POLICY consultation_invitations_write ON consultation_invitations FOR ALL TO tandem_app
  USING ((SELECT tandem_plan_coordinator(plan_id))) WITH CHECK ((SELECT tandem_plan_coordinator(plan_id)));

-- Meeting registers: the coordinators only.
CREATE POLICY consultation_participants_all ON consultation_participants FOR ALL TO tandem_app
  USING ((SELECT tandem_plan_coordinator(plan_id))) WITH CHECK ((SELECT tandem_plan_coordinator(plan_id)));

-- Contributions: the author (or the organisation it was made for), the coordinators, and
-- everyone once answered in a published plan.
CREATE POLICY contributions_select ON contributions FOR SELECT TO tandem_app
  USING (
    user_id = (SELECT tandem_user_id())
    OR (on_behalf = 'organisation' AND org_id = (SELECT tandem_org_id()))
    OR (SELECT tandem_plan_coordinator(plan_id))
    OR (response_status IS NOT NULL AND EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)));
CREATE POLICY contributions_insert ON contributions FOR INSERT TO tandem_app
  WITH CHECK (
    user_id = (SELECT tandem_user_id()) AND org_id = (SELECT tandem_org_id())
    AND (SELECT tandem_has_role('contributor')) AND (SELECT tandem_plan_readable(plan_id)) AND response_status IS NULL);
CREATE POLICY contributions_update ON contributions FOR UPDATE TO tandem_app
  USING ((SELECT tandem_plan_coordinator(plan_id))) WITH CHECK ((SELECT tandem_plan_coordinator(plan_id)));

-- Links of an answer: visible with the contribution, written by the coordinators.
CREATE POLICY contribution_links_select ON contribution_links FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM contributions c WHERE c.id = contribution_id));
CREATE POLICY contribution_links_write ON contribution_links FOR ALL TO tandem_app
  USING ((SELECT tandem_plan_coordinator(plan_id))) WITH CHECK ((SELECT tandem_plan_coordinator(plan_id)));

-- Progress: readable with the plan; reported by the lead or a responsible body, for itself.
CREATE POLICY commitment_progress_select ON commitment_progress FOR SELECT TO tandem_app USING ((SELECT tandem_plan_readable(plan_id)));
CREATE POLICY commitment_progress_insert ON commitment_progress FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND user_id = (SELECT tandem_user_id()) AND (SELECT tandem_commitment_reporter(commitment_id)));

-- Independent assessments: readable with the plan; made by an independent organisation, for itself.
CREATE POLICY commitment_assessments_select ON commitment_assessments FOR SELECT TO tandem_app USING ((SELECT tandem_plan_readable(plan_id)));
CREATE POLICY commitment_assessments_insert ON commitment_assessments FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND user_id = (SELECT tandem_user_id()) AND (SELECT tandem_commitment_assessor(commitment_id)));

-- Files: readable as what they are attached to; added by the acting organisation for itself.
CREATE POLICY plan_files_select ON plan_files FOR SELECT TO tandem_app
  USING (CASE owner_kind
    WHEN 'contribution' THEN EXISTS (SELECT 1 FROM contributions c WHERE c.id = owner_id)
    ELSE (SELECT tandem_plan_readable(plan_id)) END);
CREATE POLICY plan_files_insert ON plan_files FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND created_by = (SELECT tandem_user_id())
    AND CASE owner_kind
      WHEN 'contribution' THEN EXISTS (SELECT 1 FROM contributions c WHERE c.id = owner_id AND c.plan_id = plan_files.plan_id AND c.user_id = (SELECT tandem_user_id()))
      WHEN 'commitment' THEN EXISTS (SELECT 1 FROM commitments c WHERE c.id = owner_id AND c.plan_id = plan_files.plan_id) AND (SELECT tandem_plan_coordinator(plan_id))
      WHEN 'progress' THEN EXISTS (SELECT 1 FROM commitment_progress r WHERE r.id = owner_id AND r.plan_id = plan_files.plan_id AND r.org_id = (SELECT tandem_org_id()))
      WHEN 'assessment' THEN EXISTS (SELECT 1 FROM commitment_assessments a WHERE a.id = owner_id AND a.plan_id = plan_files.plan_id AND a.org_id = (SELECT tandem_org_id()))
      ELSE false END);

-- A contribution is admissible only while its consultation is open, from an organisation it is
-- open to, on a section linked to it or one of its questions; the organisation's type and
-- whether it is women-led are copied from its profile here, not taken from the request.
CREATE FUNCTION tandem_contribution_admissible() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE k consultations%ROWTYPE;
  DECLARE p plans%ROWTYPE;
  BEGIN
    SELECT * INTO k FROM consultations WHERE id = NEW.consultation_id AND plan_id = NEW.plan_id;
    SELECT * INTO p FROM plans WHERE id = NEW.plan_id;
    IF k.id IS NULL OR p.id IS NULL THEN
      RAISE EXCEPTION 'no such consultation' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p.stage <> 'consultation' OR now() < k.opens_at OR now() >= k.closes_at THEN
      RAISE EXCEPTION 'the consultation is not open' USING ERRCODE = 'check_violation';
    END IF;
    IF k.open_to = 'invited' AND NOT EXISTS (SELECT 1 FROM consultation_invitations i WHERE i.consultation_id = k.id AND i.org_id = NEW.org_id) THEN
      RAISE EXCEPTION 'the consultation is open to invited organisations' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.on_behalf = 'individual' AND NOT p.allows_individuals THEN
      RAISE EXCEPTION 'the plan takes contributions from organisations only' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.section_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM consultation_sections s WHERE s.consultation_id = k.id AND s.section_id = NEW.section_id) THEN
      RAISE EXCEPTION 'the section is not part of the consultation' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.question_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM consultation_questions q WHERE q.consultation_id = k.id AND q.id = NEW.question_id) THEN
      RAISE EXCEPTION 'the question is not part of the consultation' USING ERRCODE = 'check_violation';
    END IF;
    SELECT CASE WHEN NEW.on_behalf = 'individual' THEN 'individual' ELSE o.type END, o.women_led AND NEW.on_behalf = 'organisation'
      INTO NEW.org_type, NEW.women_led
      FROM organisations o WHERE o.id = NEW.org_id;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER contributions_admissible BEFORE INSERT ON contributions FOR EACH ROW EXECUTE FUNCTION tandem_contribution_admissible();
