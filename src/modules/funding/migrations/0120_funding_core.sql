-- Funding calls, applications and fair review (issue 15, first slice: the database).
--
-- Who sees what, enforced here independently of the service:
--   funding_calls         the owner organisation's donor officers: all of its calls; everyone
--                         signed in: published calls.
--   funding_applications  the applicant organisation: its own; the call owner's donor officers:
--                         all submitted to their calls; a reviewer: only an application they are
--                         assigned to, have declared on, and have no conflict with (declared, or
--                         flagged by the database from known ties).
--   funding_reviewers     the reviewer: their own assignments; the call owner's donor officers: all.
--   funding_scores        the reviewer who wrote them (while without conflict); the call owner.
CREATE TABLE funding_calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_org_id uuid NOT NULL REFERENCES organisations(id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  purpose text NOT NULL CHECK (length(purpose) <= 10000),
  org_types text[] NOT NULL DEFAULT '{}',
  countries text[] NOT NULL DEFAULT '{}',
  women_led_priority boolean NOT NULL DEFAULT false,
  -- [{ "key": "...", "label": "...", "weight": n }], weights summing to 100 (checked by the service).
  criteria jsonb NOT NULL DEFAULT '[]',
  questions jsonb NOT NULL DEFAULT '[]',
  budget_ceiling numeric(14,2) NOT NULL CHECK (budget_ceiling > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  opens_on date NOT NULL,
  deadline timestamptz NOT NULL,
  blind_review boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);

CREATE TABLE funding_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  call_id uuid NOT NULL REFERENCES funding_calls(id),
  applicant_org_id uuid NOT NULL REFERENCES organisations(id),
  answers jsonb NOT NULL DEFAULT '{}',
  budget_lines jsonb NOT NULL DEFAULT '[]',
  budget_total numeric(14,2) NOT NULL DEFAULT 0 CHECK (budget_total >= 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'awarded', 'rejected')),
  submitted_at timestamptz,
  decision_reasons text,
  decided_at timestamptz,
  decided_by uuid REFERENCES users(id),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_id, applicant_org_id),
  CHECK ((status IN ('awarded', 'rejected')) = (decision_reasons IS NOT NULL AND length(decision_reasons) > 0))
);
CREATE INDEX funding_applications_call ON funding_applications (call_id);

CREATE TABLE funding_reviewers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  call_id uuid NOT NULL REFERENCES funding_calls(id),
  application_id uuid NOT NULL REFERENCES funding_applications(id),
  reviewer_user_id uuid NOT NULL REFERENCES users(id),
  -- Set by the database from known ties (a membership of the applicant organisation, or an active
  -- partnership agreement between one of the reviewer's organisations and the applicant).
  conflict_flagged boolean NOT NULL DEFAULT false,
  -- The reviewer's own declaration, made before the application can be read.
  conflict_declared boolean,
  conflict_note text,
  declared_at timestamptz,
  assigned_by uuid NOT NULL REFERENCES users(id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (application_id, reviewer_user_id)
);
CREATE INDEX funding_reviewers_user ON funding_reviewers (reviewer_user_id);

CREATE TABLE funding_scores (
  reviewer_id uuid NOT NULL REFERENCES funding_reviewers(id),
  criterion text NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 10),
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
  scored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reviewer_id, criterion)
);

-- Known ties between the reviewer and the applicant, set on every assignment. It reads
-- memberships and agreements of organisations other than the caller's, hence a definer; it is a
-- trigger function that nobody executes directly, and it only ever sets the flag to true.
CREATE FUNCTION tandem_funding_reviewer_ties() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  DECLARE applicant uuid;
  BEGIN
    SELECT applicant_org_id INTO applicant FROM funding_applications WHERE id = NEW.application_id AND call_id = NEW.call_id;
    IF applicant IS NULL THEN
      RAISE EXCEPTION 'the application is not one of this call' USING ERRCODE = 'check_violation';
    END IF;
    NEW.conflict_flagged := NEW.conflict_flagged OR EXISTS (
      SELECT 1 FROM memberships m WHERE m.user_id = NEW.reviewer_user_id AND m.org_id = applicant
    ) OR EXISTS (
      SELECT 1 FROM memberships m
      JOIN agreement_parties x ON x.org_id = m.org_id
      JOIN agreement_parties y ON y.agreement_id = x.agreement_id AND y.org_id = applicant
      JOIN partnership_agreements a ON a.id = x.agreement_id
      WHERE m.user_id = NEW.reviewer_user_id AND a.status = 'active' AND current_date BETWEEN a.valid_from AND a.valid_until
    );
    RETURN NEW;
  END
  $$;
REVOKE ALL ON FUNCTION tandem_funding_reviewer_ties() FROM PUBLIC;
CREATE TRIGGER funding_reviewers_ties BEFORE INSERT OR UPDATE ON funding_reviewers
  FOR EACH ROW EXECUTE FUNCTION tandem_funding_reviewer_ties();

GRANT SELECT, INSERT ON funding_calls TO tandem_app;
GRANT UPDATE (title, purpose, org_types, countries, women_led_priority, criteria, questions, budget_ceiling, currency, opens_on, deadline, blind_review, status, published_at) ON funding_calls TO tandem_app;
GRANT SELECT, INSERT ON funding_applications TO tandem_app;
GRANT UPDATE (answers, budget_lines, budget_total, status, submitted_at, decision_reasons, decided_at, decided_by) ON funding_applications TO tandem_app;
GRANT SELECT, INSERT, DELETE ON funding_reviewers TO tandem_app;
GRANT UPDATE (conflict_declared, conflict_note, declared_at) ON funding_reviewers TO tandem_app;
GRANT SELECT, INSERT ON funding_scores TO tandem_app;
GRANT UPDATE (score, comment, scored_at) ON funding_scores TO tandem_app;

ALTER TABLE funding_calls ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_calls FORCE ROW LEVEL SECURITY;
ALTER TABLE funding_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_applications FORCE ROW LEVEL SECURITY;
ALTER TABLE funding_reviewers ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_reviewers FORCE ROW LEVEL SECURITY;
ALTER TABLE funding_scores ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_scores FORCE ROW LEVEL SECURITY;

-- Calls.
CREATE POLICY funding_calls_owner ON funding_calls FOR ALL TO tandem_app
  USING (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer')))
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer')));
CREATE POLICY funding_calls_published ON funding_calls FOR SELECT TO tandem_app
  USING (status <> 'draft' AND (SELECT tandem_org_id()) IS NOT NULL);

-- Applications: the applicant drafts and submits; only the call owner decides.
CREATE POLICY funding_applications_applicant_select ON funding_applications FOR SELECT TO tandem_app
  USING (applicant_org_id = (SELECT tandem_org_id()));
CREATE POLICY funding_applications_applicant_insert ON funding_applications FOR INSERT TO tandem_app
  WITH CHECK (applicant_org_id = (SELECT tandem_org_id()) AND status = 'draft'
    AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id AND c.status = 'published' AND c.deadline > now()));
CREATE POLICY funding_applications_applicant_update ON funding_applications FOR UPDATE TO tandem_app
  USING (applicant_org_id = (SELECT tandem_org_id()) AND status = 'draft')
  WITH CHECK (applicant_org_id = (SELECT tandem_org_id()) AND status IN ('draft', 'submitted') AND decision_reasons IS NULL
    AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id AND c.deadline > now()));
CREATE POLICY funding_applications_owner_select ON funding_applications FOR SELECT TO tandem_app
  USING (status <> 'draft' AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id
    AND c.owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))));
CREATE POLICY funding_applications_owner_decide ON funding_applications FOR UPDATE TO tandem_app
  USING (status <> 'draft' AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id
    AND c.owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))))
  WITH CHECK (status IN ('submitted', 'awarded', 'rejected') AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id
    AND c.owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))));
CREATE POLICY funding_applications_reviewer_select ON funding_applications FOR SELECT TO tandem_app
  USING (status <> 'draft' AND EXISTS (SELECT 1 FROM funding_reviewers r WHERE r.application_id = funding_applications.id
    AND r.reviewer_user_id = (SELECT tandem_user_id()) AND r.declared_at IS NOT NULL
    AND r.conflict_declared = false AND r.conflict_flagged = false));

-- Reviewer assignments: the call owner assigns and removes; the reviewer declares.
-- No UPDATE for the owner: a declaration is the reviewer's alone and the owner cannot clear it.
CREATE POLICY funding_reviewers_owner_select ON funding_reviewers FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id
    AND c.owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))));
CREATE POLICY funding_reviewers_owner_insert ON funding_reviewers FOR INSERT TO tandem_app
  WITH CHECK (declared_at IS NULL AND conflict_declared IS NULL AND EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id
    AND c.owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))));
CREATE POLICY funding_reviewers_owner_delete ON funding_reviewers FOR DELETE TO tandem_app
  USING (EXISTS (SELECT 1 FROM funding_calls c WHERE c.id = call_id
    AND c.owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))));
CREATE POLICY funding_reviewers_self_select ON funding_reviewers FOR SELECT TO tandem_app
  USING (reviewer_user_id = (SELECT tandem_user_id()) AND (SELECT tandem_org_id()) IS NOT NULL);
-- A declaration is made once: a reviewer cannot withdraw a conflict they declared.
CREATE POLICY funding_reviewers_self_declare ON funding_reviewers FOR UPDATE TO tandem_app
  USING (reviewer_user_id = (SELECT tandem_user_id()) AND (SELECT tandem_org_id()) IS NOT NULL AND declared_at IS NULL)
  WITH CHECK (reviewer_user_id = (SELECT tandem_user_id()) AND declared_at IS NOT NULL AND conflict_declared IS NOT NULL);

-- Scores: only by a reviewer who may read the application; the call owner reads them.
CREATE POLICY funding_scores_reviewer ON funding_scores FOR ALL TO tandem_app
  USING (EXISTS (SELECT 1 FROM funding_reviewers r WHERE r.id = reviewer_id AND r.reviewer_user_id = (SELECT tandem_user_id())
    AND r.declared_at IS NOT NULL AND r.conflict_declared = false AND r.conflict_flagged = false))
  WITH CHECK (EXISTS (SELECT 1 FROM funding_reviewers r WHERE r.id = reviewer_id AND r.reviewer_user_id = (SELECT tandem_user_id())
    AND r.declared_at IS NOT NULL AND r.conflict_declared = false AND r.conflict_flagged = false));
CREATE POLICY funding_scores_owner_select ON funding_scores FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM funding_reviewers r JOIN funding_calls c ON c.id = r.call_id WHERE r.id = reviewer_id
    AND c.owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('donor_officer'))));
