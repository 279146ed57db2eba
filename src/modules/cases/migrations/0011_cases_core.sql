-- Multi-agency case coordination: people and their cases (pseudonymous by default), the
-- identity vault, households, consents, the case team, referrals and service sessions, needs
-- assessments, notes by section, and the case timeline.
--
-- Need to know, in the database: tandem_case_sections(case) is what the acting organisation may
-- see of a case. The lead agency sees every section but security; a team organisation sees the
-- sections its referral named, and only while a valid consent (or recorded legal basis) for it
-- covers them AND a partnership agreement in force with the lead agency covers them: withdrawal,
-- expiry or suspension takes effect on the next query. Security notes go to a team organisation
-- in the security role only. Every case table's policy asks this function.

CREATE TABLE case_number_counters (
  jurisdiction text NOT NULL REFERENCES jurisdictions (code),
  year integer NOT NULL,
  last integer NOT NULL DEFAULT 0,
  PRIMARY KEY (jurisdiction, year)
);

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction text NOT NULL REFERENCES jurisdictions (code),
  case_number text NOT NULL UNIQUE CHECK (case_number ~ '^[A-Z]{2}-\d{4}-\d{5,}$'),
  alias text NOT NULL CHECK (length(btrim(alias)) BETWEEN 1 AND 80),
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
  age_band text NOT NULL CHECK (age_band IN ('0-4', '5-11', '12-17', '18-24', '25-34', '35-49', '50+')),
  birth_year integer CHECK (birth_year BETWEEN 1900 AND 2100),
  nationality text CHECK (nationality ~ '^[A-Z]{2}$'),
  category text NOT NULL CHECK (category IN ('adult_returnee', 'child_returnee', 'family_member', 'released_offender', 'referred_for_intervention')),
  legal_status text NOT NULL DEFAULT 'none' CHECK (legal_status IN ('none', 'under_investigation', 'charged', 'convicted', 'serving_sentence', 'released', 'probation', 'acquitted')),
  region text CHECK (length(region) <= 40),
  languages text[] NOT NULL DEFAULT '{}',
  lead_org_id uuid NOT NULL REFERENCES organisations (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'anonymised')),
  opened_on date NOT NULL DEFAULT current_date,
  closed_on date,
  closure_reason text CHECK (length(closure_reason) <= 2000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_lead_idx ON cases (lead_org_id, status, updated_at DESC);
CREATE INDEX cases_alias_idx ON cases (lower(alias));

-- Identifying data, one sealed value per field (several document numbers, phones…). The
-- section (identity, contact) decides who sees it; the blind index allows exact-match search.
CREATE TABLE case_identity (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  field text NOT NULL CHECK (field IN ('legal_name', 'birth_date', 'document_number', 'address', 'phone', 'photo')),
  section text NOT NULL GENERATED ALWAYS AS (CASE WHEN field IN ('address', 'phone') THEN 'contact' ELSE 'identity' END) STORED,
  sealed text NOT NULL CHECK (sealed LIKE 'v1.%'),
  blind_index text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_identity_case_idx ON case_identity (case_id);
CREATE INDEX case_identity_blind_idx ON case_identity (field, blind_index) WHERE blind_index IS NOT NULL;

CREATE TABLE household_links (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  related_case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  -- What the related person is to this one: "mother" means related_case is this person's mother.
  relation text NOT NULL CHECK (relation IN ('mother', 'father', 'child', 'sibling', 'guardian', 'ward', 'spouse', 'other_relative')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, related_case_id),
  CHECK (case_id <> related_case_id)
);

CREATE TABLE case_consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  recipient_org_id uuid NOT NULL REFERENCES organisations (id),
  purpose text NOT NULL CHECK (length(btrim(purpose)) BETWEEN 3 AND 1000),
  data_categories text[] NOT NULL CHECK (cardinality(data_categories) > 0),
  -- "consent" is the person's (or guardian's) consent; any other basis is a recorded legal basis.
  legal_basis text NOT NULL CHECK (legal_basis IN ('consent', 'legal_obligation', 'public_task', 'vital_interests', 'legitimate_interests', 'contract')),
  given_by text NOT NULL CHECK (given_by IN ('person', 'guardian', 'not_applicable')),
  guardian_name text CHECK (length(guardian_name) <= 200),
  child_assent boolean,
  starts_on date NOT NULL,
  ends_on date,
  withdrawn_at timestamptz,
  withdrawal_reason text CHECK (length(withdrawal_reason) <= 1000),
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR ends_on >= starts_on),
  CHECK (legal_basis <> 'consent' OR given_by <> 'not_applicable')
);
CREATE INDEX case_consents_case_idx ON case_consents (case_id, recipient_org_id);

CREATE TABLE case_team (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  team_role text NOT NULL CHECK (team_role IN ('service_provider', 'security', 'support')),
  sections text[] NOT NULL DEFAULT '{}',
  joined_at timestamptz NOT NULL DEFAULT now(),
  left_at timestamptz,
  via_referral_id uuid,
  PRIMARY KEY (case_id, org_id)
);
CREATE INDEX case_team_org_idx ON case_team (org_id, case_id) WHERE left_at IS NULL;

CREATE TABLE case_workers (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  org_id uuid NOT NULL REFERENCES organisations (id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_workers_user_idx ON case_workers (user_id);

CREATE TABLE referrals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  from_org_id uuid NOT NULL REFERENCES organisations (id),
  to_org_id uuid NOT NULL REFERENCES organisations (id),
  need_domain text NOT NULL,
  service text NOT NULL CHECK (length(btrim(service)) BETWEEN 3 AND 300),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 3 AND 2000),
  data_categories text[] NOT NULL CHECK (cardinality(data_categories) > 0),
  consent_id uuid REFERENCES case_consents (id),
  agreement_id uuid REFERENCES partnership_agreements (id),
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'declined', 'withdrawn', 'closed')),
  answer_due_on date NOT NULL,
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id),
  decline_reason text CHECK (length(decline_reason) <= 2000),
  outcome text CHECK (outcome IN ('completed', 'partly_completed', 'not_completed', 'no_longer_needed')),
  outcome_notes text CHECK (length(outcome_notes) <= 4000),
  closed_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_org_id <> to_org_id)
);
CREATE INDEX referrals_to_idx ON referrals (to_org_id, status, created_at DESC);
CREATE INDEX referrals_case_idx ON referrals (case_id);

CREATE TABLE service_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  referral_id uuid NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  session_on date NOT NULL,
  attendance text NOT NULL CHECK (attendance IN ('attended', 'missed', 'cancelled')),
  -- Notes of the session go to case_notes, each in its section.
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_sessions_referral_idx ON service_sessions (referral_id, session_on);
CREATE INDEX service_sessions_case_idx ON service_sessions (case_id, session_on);

CREATE TABLE needs_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  assessed_on date NOT NULL,
  assessed_by uuid REFERENCES users (id),
  -- {"psychosocial": 3, ...}: 0 no need, 1 low, 2 moderate, 3 high, 4 urgent
  levels jsonb NOT NULL CHECK (jsonb_typeof(levels) = 'object'),
  notes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(notes) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX needs_assessments_case_idx ON needs_assessments (case_id, assessed_on);

CREATE TABLE case_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  section text NOT NULL CHECK (section IN ('psychosocial_notes', 'other_notes', 'security')),
  author_org_id uuid NOT NULL REFERENCES organisations (id),
  author_id uuid REFERENCES users (id),
  -- Psychosocial notes stay with the treating organisation unless shared with the team.
  shared boolean NOT NULL DEFAULT false,
  session_id uuid REFERENCES service_sessions (id) ON DELETE SET NULL,
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at);

-- The timeline: one row per thing that happened, in the section it belongs to (so it is seen
-- exactly by those who see that section); null section: seen by everyone on the case.
CREATE TABLE case_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind ~ '^[a-z_.]+$'),
  section text,
  actor_id uuid DEFAULT nullif(current_setting('tandem.user_id', true), '')::uuid,
  actor_org_id uuid DEFAULT nullif(current_setting('tandem.org_id', true), '')::uuid,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case_idx ON case_events (case_id, at);

CREATE TABLE case_break_glass (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id),
  org_id uuid NOT NULL REFERENCES organisations (id),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 20 AND 2000),
  started_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES users (id),
  review_note text CHECK (length(review_note) <= 2000)
);
CREATE INDEX case_break_glass_user_idx ON case_break_glass (user_id, expires_at);

-- What the acting organisation (and, for break-glass, the acting person) may see of a case.
CREATE FUNCTION tandem_case_sections(p_case uuid) RETURNS text[]
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    v_org uuid := tandem_org_id();
    v_lead uuid;
    v_result text[];
  BEGIN
    IF v_org IS NULL OR NOT (tandem_has_role('case_coordinator') OR tandem_has_role('caseworker')) THEN
      RETURN '{}';
    END IF;
    SELECT lead_org_id INTO v_lead FROM cases WHERE id = p_case AND status <> 'anonymised';
    IF v_lead IS NULL THEN RETURN '{}'; END IF;
    IF v_lead = v_org THEN
      RETURN ARRAY['identity', 'contact', 'household', 'consents', 'needs_assessment', 'professional_judgement',
        'case_plan', 'referrals_services', 'case_conferences', 'psychosocial_notes', 'other_notes'];
    END IF;
    SELECT coalesce(array_agg(DISTINCT s), '{}') INTO v_result FROM (
      SELECT s FROM case_team t CROSS JOIN LATERAL unnest(t.sections) AS s
      WHERE t.case_id = p_case AND t.org_id = v_org AND t.left_at IS NULL
        AND (s <> 'security' OR t.team_role = 'security')
        AND EXISTS (
          SELECT 1 FROM case_consents k
          WHERE k.case_id = p_case AND k.recipient_org_id = v_org AND k.withdrawn_at IS NULL
            AND current_date >= k.starts_on AND (k.ends_on IS NULL OR current_date <= k.ends_on)
            AND s = ANY (k.data_categories))
        AND tandem_agreement_covers(v_lead, v_org, ARRAY[s]) IS NOT NULL
      UNION
      -- Emergency access: the person who broke the glass, until it expires; never security or
      -- psychosocial notes.
      SELECT s FROM case_break_glass b
        CROSS JOIN LATERAL unnest(ARRAY['identity', 'contact', 'household', 'consents', 'needs_assessment',
          'case_plan', 'referrals_services', 'case_conferences', 'other_notes']) AS s
      WHERE b.case_id = p_case AND b.user_id = tandem_user_id() AND b.expires_at > now()
    ) x;
    RETURN v_result;
  END
  $$;

-- A referral waiting for the acting organisation's answer shows that case's header (alias, age
-- band, sex, category, region) and the referral, nothing more, until it is accepted.
CREATE FUNCTION tandem_case_offered(p_case uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT EXISTS (SELECT 1 FROM referrals r
      WHERE r.case_id = p_case AND r.to_org_id = tandem_org_id() AND r.status = 'proposed'
        AND (tandem_has_role('case_coordinator') OR tandem_has_role('caseworker')))
  $$;

-- The lead agency's data protection officer oversees its cases (headers only: retention,
-- legal hold, break-glass review).
CREATE FUNCTION tandem_case_overseen(p_lead uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT p_lead = tandem_org_id() AND tandem_has_role('dpo') $$;

REVOKE EXECUTE ON FUNCTION tandem_case_sections(uuid), tandem_case_offered(uuid), tandem_case_overseen(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_case_sections(uuid), tandem_case_offered(uuid), tandem_case_overseen(uuid) TO tandem_app;

GRANT SELECT, INSERT, UPDATE ON cases, case_consents, case_team, referrals, needs_assessments TO tandem_app;
GRANT SELECT, INSERT, DELETE ON case_identity, case_workers TO tandem_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON household_links TO tandem_app;
GRANT SELECT, INSERT ON service_sessions, case_notes, case_events, case_break_glass TO tandem_app;
GRANT UPDATE (reviewed_at, reviewed_by, review_note) ON case_break_glass TO tandem_app;
GRANT SELECT, INSERT, UPDATE ON case_number_counters TO tandem_app;

ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE cases FORCE ROW LEVEL SECURITY;
ALTER TABLE case_identity ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_identity FORCE ROW LEVEL SECURITY;
ALTER TABLE household_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE household_links FORCE ROW LEVEL SECURITY;
ALTER TABLE case_consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_consents FORCE ROW LEVEL SECURITY;
ALTER TABLE case_team ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_team FORCE ROW LEVEL SECURITY;
ALTER TABLE case_workers ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_workers FORCE ROW LEVEL SECURITY;
ALTER TABLE referrals ENABLE ROW LEVEL SECURITY;
ALTER TABLE referrals FORCE ROW LEVEL SECURITY;
ALTER TABLE service_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE needs_assessments ENABLE ROW LEVEL SECURITY;
ALTER TABLE needs_assessments FORCE ROW LEVEL SECURITY;
ALTER TABLE case_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_notes FORCE ROW LEVEL SECURITY;
ALTER TABLE case_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_events FORCE ROW LEVEL SECURITY;
ALTER TABLE case_break_glass ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_break_glass FORCE ROW LEVEL SECURITY;
ALTER TABLE case_number_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_number_counters FORCE ROW LEVEL SECURITY;

CREATE POLICY case_number_counters_coordinator ON case_number_counters FOR ALL TO tandem_app
  USING ((SELECT tandem_has_role('case_coordinator'))) WITH CHECK ((SELECT tandem_has_role('case_coordinator')));

-- Cases: the lead agency's case roles and its data protection officer; a team organisation
-- while it sees any section; an organisation with a referral to answer.
CREATE POLICY cases_select ON cases FOR SELECT TO tandem_app
  USING (
    (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator') OR tandem_has_role('caseworker')))
    OR tandem_case_overseen(lead_org_id)
    OR cardinality(tandem_case_sections(id)) > 0
    OR tandem_case_offered(id));
CREATE POLICY cases_insert ON cases FOR INSERT TO tandem_app
  WITH CHECK (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')));
CREATE POLICY cases_update ON cases FOR UPDATE TO tandem_app
  USING (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')))
  WITH CHECK (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')));

CREATE POLICY case_identity_select ON case_identity FOR SELECT TO tandem_app
  USING (section = ANY (tandem_case_sections(case_id)));
CREATE POLICY case_identity_write ON case_identity FOR INSERT TO tandem_app
  WITH CHECK (section = ANY (tandem_case_sections(case_id)) AND (SELECT tandem_has_role('case_coordinator')));
CREATE POLICY case_identity_delete ON case_identity FOR DELETE TO tandem_app
  USING (section = ANY (tandem_case_sections(case_id)) AND (SELECT tandem_has_role('case_coordinator')));

CREATE POLICY household_links_select ON household_links FOR SELECT TO tandem_app
  USING ('household' = ANY (tandem_case_sections(case_id)));
CREATE POLICY household_links_write ON household_links FOR INSERT TO tandem_app
  WITH CHECK ('household' = ANY (tandem_case_sections(case_id)) AND (SELECT tandem_has_role('case_coordinator')));
CREATE POLICY household_links_update ON household_links FOR UPDATE TO tandem_app
  USING ('household' = ANY (tandem_case_sections(case_id)) AND (SELECT tandem_has_role('case_coordinator')))
  WITH CHECK ('household' = ANY (tandem_case_sections(case_id)) AND (SELECT tandem_has_role('case_coordinator')));
CREATE POLICY household_links_delete ON household_links FOR DELETE TO tandem_app
  USING ('household' = ANY (tandem_case_sections(case_id)) AND (SELECT tandem_has_role('case_coordinator')));

-- Consents: recorded and withdrawn by the lead agency's coordinators; each recipient sees its own.
CREATE POLICY case_consents_select ON case_consents FOR SELECT TO tandem_app
  USING ('consents' = ANY (tandem_case_sections(case_id)) OR recipient_org_id = (SELECT tandem_org_id()) AND cardinality(tandem_case_sections(case_id)) > 0);
CREATE POLICY case_consents_lead ON case_consents FOR INSERT TO tandem_app
  WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id())) AND (SELECT tandem_has_role('case_coordinator')));
CREATE POLICY case_consents_lead_update ON case_consents FOR UPDATE TO tandem_app
  USING (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id())) AND (SELECT tandem_has_role('case_coordinator')))
  WITH CHECK (EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id())) AND (SELECT tandem_has_role('case_coordinator')));

-- The team: seen by everyone on the case; joined by accepting a referral; left by the member
-- or ended by the lead.
CREATE POLICY case_team_select ON case_team FOR SELECT TO tandem_app
  USING (cardinality(tandem_case_sections(case_id)) > 0 OR org_id = (SELECT tandem_org_id()));
CREATE POLICY case_team_join ON case_team FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator') OR tandem_has_role('caseworker'))
    AND EXISTS (SELECT 1 FROM referrals r WHERE r.id = via_referral_id AND r.case_id = case_team.case_id AND r.to_org_id = (SELECT tandem_org_id())));
CREATE POLICY case_team_update ON case_team FOR UPDATE TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id())))
  WITH CHECK (org_id = (SELECT tandem_org_id()) OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id())));

CREATE POLICY case_workers_select ON case_workers FOR SELECT TO tandem_app
  USING (cardinality(tandem_case_sections(case_id)) > 0);
CREATE POLICY case_workers_write ON case_workers FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND cardinality(tandem_case_sections(case_id)) > 0);
CREATE POLICY case_workers_delete ON case_workers FOR DELETE TO tandem_app
  USING (org_id = (SELECT tandem_org_id()));

-- Referrals: the referring lead sees and writes its own; the receiving organisation sees those
-- sent to it and answers them.
CREATE POLICY referrals_select ON referrals FOR SELECT TO tandem_app
  USING ((from_org_id = (SELECT tandem_org_id()) OR to_org_id = (SELECT tandem_org_id()))
    AND (SELECT tandem_has_role('case_coordinator') OR tandem_has_role('caseworker')));
CREATE POLICY referrals_insert ON referrals FOR INSERT TO tandem_app
  WITH CHECK (from_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator'))
    AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id())));
CREATE POLICY referrals_update ON referrals FOR UPDATE TO tandem_app
  USING ((from_org_id = (SELECT tandem_org_id()) OR to_org_id = (SELECT tandem_org_id()))
    AND (SELECT tandem_has_role('case_coordinator') OR tandem_has_role('caseworker')))
  WITH CHECK ((from_org_id = (SELECT tandem_org_id()) OR to_org_id = (SELECT tandem_org_id())));

CREATE POLICY service_sessions_select ON service_sessions FOR SELECT TO tandem_app
  USING ('referrals_services' = ANY (tandem_case_sections(case_id)));
CREATE POLICY service_sessions_insert ON service_sessions FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND 'referrals_services' = ANY (tandem_case_sections(case_id))
    AND EXISTS (SELECT 1 FROM referrals r WHERE r.id = referral_id AND r.to_org_id = (SELECT tandem_org_id()) AND r.status = 'accepted'));

CREATE POLICY needs_assessments_select ON needs_assessments FOR SELECT TO tandem_app
  USING ('needs_assessment' = ANY (tandem_case_sections(case_id)));
CREATE POLICY needs_assessments_insert ON needs_assessments FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND 'needs_assessment' = ANY (tandem_case_sections(case_id)));

-- Notes: in their section; psychosocial notes only to their author organisation unless shared.
CREATE POLICY case_notes_select ON case_notes FOR SELECT TO tandem_app
  USING (section = ANY (tandem_case_sections(case_id))
    AND (section <> 'psychosocial_notes' OR shared OR author_org_id = (SELECT tandem_org_id())));
CREATE POLICY case_notes_insert ON case_notes FOR INSERT TO tandem_app
  WITH CHECK (author_org_id = (SELECT tandem_org_id()) AND section = ANY (tandem_case_sections(case_id)));

CREATE POLICY case_events_select ON case_events FOR SELECT TO tandem_app
  USING (CASE WHEN section IS NULL THEN cardinality(tandem_case_sections(case_id)) > 0
              ELSE section = ANY (tandem_case_sections(case_id)) END);
CREATE POLICY case_events_insert ON case_events FOR INSERT TO tandem_app
  WITH CHECK (cardinality(tandem_case_sections(case_id)) > 0 OR tandem_case_offered(case_id));

-- Break-glass: any case coordinator or caseworker may open it on any case, with a reason (the
-- service checks the rest); the person sees their own uses, the data protection officer of the
-- lead agency and of their own organisation reviews them.
CREATE POLICY case_break_glass_insert ON case_break_glass FOR INSERT TO tandem_app
  WITH CHECK (user_id = (SELECT tandem_user_id()) AND org_id = (SELECT tandem_org_id())
    AND (SELECT tandem_has_role('case_coordinator') OR tandem_has_role('caseworker')));
CREATE POLICY case_break_glass_select ON case_break_glass FOR SELECT TO tandem_app
  USING (user_id = (SELECT tandem_user_id())
    OR ((SELECT tandem_has_role('dpo')) AND (org_id = (SELECT tandem_org_id())
        OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id())))));
CREATE POLICY case_break_glass_review ON case_break_glass FOR UPDATE TO tandem_app
  USING ((SELECT tandem_has_role('dpo')) AND (org_id = (SELECT tandem_org_id())
    OR EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id AND c.lead_org_id = (SELECT tandem_org_id()))))
  WITH CHECK ((SELECT tandem_has_role('dpo')));
