-- Results frameworks and reported values (monitoring, slice 2), after the IATI results model:
-- a framework states a goal and is owned by an action plan (then by the plan's owning body, its
-- outcomes and outputs linked to the plan's commitments) or by an organisation's programme;
-- under it, outcomes → outputs → indicators, each indicator with its baseline, targets per
-- period, reporting frequency, responsible organisation and disaggregations. An indicator is
-- reported (values entered by the responsible organisation, reviewed by the owner) or computed
-- (one of the vetted functions of 0085 with its parameters; no value is entered for it).
--
-- Who may do what (mirrored by the service, monitoring/results-policy.ts; neither asks the other):
-- * managers — plan coordinators and organisation administrators of the owning organisation —
--   define the framework, its outcomes, outputs, indicators and targets, and review values;
-- * reporters — contributors, plan coordinators and organisation administrators of an
--   indicator's responsible organisation — enter values of that indicator only;
-- * anyone signed in reads the framework of a published plan with its approved values; the
--   owning organisation reads all of its frameworks, and a responsible organisation the
--   indicators it answers for (with the outcomes and outputs around them) and their values.
-- Rules the database holds by itself:
-- * an approved value is locked: its report never changes again and no version is added;
-- * a value is corrected by a new version, never by changing one (versions and reviews are
--   append-only: no UPDATE or DELETE is granted); a review names the version it decided on;
-- * a report moves submitted → approved or submitted → returned (by a manager, never the person
--   who sent the value), and returned → submitted (by a reporter, with a new version); nothing else;
-- * each row carries its framework's owner, plan and the indicator's responsible organisation,
--   held equal to them by composite foreign keys, so that every policy reads its own row.

CREATE TABLE results_frameworks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_kind text NOT NULL CHECK (owner_kind IN ('plan', 'programme')),
  plan_id uuid UNIQUE REFERENCES plans (id) ON DELETE CASCADE,
  programme text CHECK (length(btrim(programme)) BETWEEN 3 AND 200),
  owner_org_id uuid NOT NULL REFERENCES organisations (id),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 300),
  goal text NOT NULL CHECK (length(btrim(goal)) BETWEEN 3 AND 2000),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_kind = 'plan') = (plan_id IS NOT NULL)),
  CHECK ((owner_kind = 'programme') = (programme IS NOT NULL)),
  UNIQUE (id, owner_org_id),
  UNIQUE (id, plan_id)
);
CREATE INDEX results_frameworks_owner_idx ON results_frameworks (owner_org_id, created_at DESC);

-- Outcomes (no parent) and outputs (under an outcome of the same framework).
CREATE TABLE results_nodes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  framework_id uuid NOT NULL,
  owner_org_id uuid NOT NULL,
  plan_id uuid,
  level text NOT NULL CHECK (level IN ('outcome', 'output')),
  parent_id uuid,
  parent_level text CHECK (parent_level = 'outcome'),
  position integer NOT NULL CHECK (position BETWEEN 1 AND 200),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 300),
  commitment_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'outcome') = (parent_id IS NULL) AND (parent_id IS NULL) = (parent_level IS NULL)),
  -- Only a plan's framework links to commitments, and only to its own plan's.
  CHECK (commitment_id IS NULL OR plan_id IS NOT NULL),
  UNIQUE (id, framework_id),
  UNIQUE (id, framework_id, level),
  FOREIGN KEY (framework_id, owner_org_id) REFERENCES results_frameworks (id, owner_org_id) ON DELETE CASCADE,
  FOREIGN KEY (framework_id, plan_id) REFERENCES results_frameworks (id, plan_id) ON DELETE CASCADE,
  FOREIGN KEY (parent_id, framework_id, parent_level) REFERENCES results_nodes (id, framework_id, level) ON DELETE CASCADE,
  FOREIGN KEY (commitment_id, plan_id) REFERENCES commitments (id, plan_id)
);
CREATE INDEX results_nodes_framework_idx ON results_nodes (framework_id, level, position);

CREATE TABLE results_indicators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  framework_id uuid NOT NULL,
  owner_org_id uuid NOT NULL,
  plan_id uuid,
  node_id uuid NOT NULL,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 200),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 3 AND 300),
  definition text NOT NULL CHECK (length(btrim(definition)) BETWEEN 3 AND 4000),
  unit text NOT NULL CHECK (unit IN ('count', 'percentage', 'days', 'currency')),
  currency text CHECK (currency ~ '^[A-Z]{3}$'),
  direction text NOT NULL CHECK (direction IN ('increase', 'decrease')),
  baseline numeric CHECK (baseline >= 0),
  baseline_period text CHECK (baseline_period ~ '^[0-9]{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$'),
  frequency text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'semiannual', 'annual')),
  responsible_org_id uuid NOT NULL REFERENCES organisations (id),
  dimensions text[] NOT NULL DEFAULT '{}' CHECK (dimensions <@ ARRAY['sex', 'age_band', 'category', 'region', 'org_type', 'women_led']),
  source text NOT NULL CHECK (source IN ('reported', 'computed')),
  computed_kind text CHECK (computed_kind IN ('open_cases', 'case_plans', 'referrals_answered', 'consents_expiring', 'cases_closed')),
  computed_params jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(computed_params) = 'object'),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((unit = 'currency') = (currency IS NOT NULL)),
  CHECK (unit <> 'percentage' OR baseline IS NULL OR baseline <= 100),
  CHECK ((source = 'computed') = (computed_kind IS NOT NULL)),
  CHECK (baseline_period IS NULL OR baseline IS NOT NULL),
  UNIQUE (id, framework_id, owner_org_id, responsible_org_id),
  FOREIGN KEY (node_id, framework_id) REFERENCES results_nodes (id, framework_id) ON DELETE CASCADE,
  FOREIGN KEY (framework_id, owner_org_id) REFERENCES results_frameworks (id, owner_org_id) ON DELETE CASCADE,
  FOREIGN KEY (framework_id, plan_id) REFERENCES results_frameworks (id, plan_id) ON DELETE CASCADE
);
CREATE INDEX results_indicators_node_idx ON results_indicators (framework_id, node_id, position);
CREATE INDEX results_indicators_responsible_idx ON results_indicators (responsible_org_id);

CREATE TABLE results_targets (
  indicator_id uuid NOT NULL,
  framework_id uuid NOT NULL,
  owner_org_id uuid NOT NULL,
  responsible_org_id uuid NOT NULL,
  plan_id uuid,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$'),
  value numeric NOT NULL CHECK (value >= 0),
  PRIMARY KEY (indicator_id, period),
  FOREIGN KEY (indicator_id, framework_id, owner_org_id, responsible_org_id)
    REFERENCES results_indicators (id, framework_id, owner_org_id, responsible_org_id) ON DELETE CASCADE,
  FOREIGN KEY (framework_id, plan_id) REFERENCES results_frameworks (id, plan_id) ON DELETE CASCADE
);

-- One report per indicator and period; its values are the versions below.
CREATE TABLE results_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  indicator_id uuid NOT NULL,
  framework_id uuid NOT NULL,
  owner_org_id uuid NOT NULL,
  responsible_org_id uuid NOT NULL,
  plan_id uuid,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$'),
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'returned', 'approved')),
  current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (indicator_id, period),
  FOREIGN KEY (indicator_id, framework_id, owner_org_id, responsible_org_id)
    REFERENCES results_indicators (id, framework_id, owner_org_id, responsible_org_id) ON DELETE CASCADE,
  FOREIGN KEY (framework_id, plan_id) REFERENCES results_frameworks (id, plan_id) ON DELETE CASCADE
);
CREATE INDEX results_reports_review_idx ON results_reports (owner_org_id, updated_at) WHERE status = 'submitted';
CREATE INDEX results_reports_responsible_idx ON results_reports (responsible_org_id, updated_at DESC);

-- Every value ever entered for a report, the newest the one under review or approved.
CREATE TABLE results_report_versions (
  report_id uuid NOT NULL REFERENCES results_reports (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  value numeric NOT NULL CHECK (value >= 0),
  numerator numeric CHECK (numerator >= 0),
  denominator numeric CHECK (denominator > 0),
  -- [{dimension, group, value, numerator?, denominator?}], checked by the service to add up.
  disaggregates jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(disaggregates) = 'array'),
  evidence text NOT NULL CHECK (length(btrim(evidence)) BETWEEN 3 AND 4000),
  evidence_url text CHECK (evidence_url ~ '^https?://[^\s]{3,}$' AND length(evidence_url) <= 2000),
  -- The value moved by more than half from the one before it: shown to the reviewer, not refused.
  jump_from numeric,
  submitted_by uuid NOT NULL REFERENCES users (id),
  submitted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (report_id, version),
  CHECK ((numerator IS NULL) = (denominator IS NULL)),
  CHECK (numerator IS NULL OR (numerator <= denominator AND value <= 100))
);

CREATE TABLE results_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL,
  version integer NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approved', 'returned')),
  reason text CHECK (length(btrim(reason)) BETWEEN 3 AND 2000),
  reviewed_by uuid NOT NULL REFERENCES users (id),
  reviewed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK (decision = 'approved' OR reason IS NOT NULL),
  FOREIGN KEY (report_id, version) REFERENCES results_report_versions (report_id, version) ON DELETE CASCADE
);
CREATE INDEX results_reviews_report_idx ON results_reviews (report_id, reviewed_at);

-- A report's status moves only along its path, and an approved report is locked.
CREATE FUNCTION tandem_results_report_rules() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp
  AS $$
  BEGIN
    IF OLD.status = 'approved' THEN
      RAISE EXCEPTION 'an approved value is locked' USING ERRCODE = '23514';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
        (OLD.status = 'submitted' AND NEW.status IN ('approved', 'returned'))
        OR (OLD.status = 'returned' AND NEW.status = 'submitted')) THEN
      RAISE EXCEPTION 'a report moves submitted → approved or returned, and returned → submitted' USING ERRCODE = '23514';
    END IF;
    IF NEW.current_version IS DISTINCT FROM OLD.current_version
       AND NOT EXISTS (SELECT 1 FROM results_report_versions v WHERE v.report_id = NEW.id AND v.version = NEW.current_version) THEN
      RAISE EXCEPTION 'the current version must exist' USING ERRCODE = '23514';
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
  END
  $$;
CREATE TRIGGER results_reports_rules BEFORE UPDATE ON results_reports FOR EACH ROW EXECUTE FUNCTION tandem_results_report_rules();

GRANT SELECT, INSERT ON results_frameworks TO tandem_app;
GRANT UPDATE (title, goal) ON results_frameworks TO tandem_app;
GRANT SELECT, INSERT ON results_nodes TO tandem_app;
GRANT UPDATE (title, position) ON results_nodes TO tandem_app;
GRANT SELECT, INSERT ON results_indicators TO tandem_app;
GRANT SELECT, INSERT, DELETE ON results_targets TO tandem_app;
GRANT UPDATE (value) ON results_targets TO tandem_app;
GRANT SELECT, INSERT ON results_reports TO tandem_app;
GRANT UPDATE (status, current_version, updated_at) ON results_reports TO tandem_app;
GRANT SELECT, INSERT ON results_report_versions TO tandem_app;
GRANT SELECT, INSERT ON results_reviews TO tandem_app;

ALTER TABLE results_frameworks ENABLE ROW LEVEL SECURITY;
ALTER TABLE results_frameworks FORCE ROW LEVEL SECURITY;
ALTER TABLE results_nodes ENABLE ROW LEVEL SECURITY;
ALTER TABLE results_nodes FORCE ROW LEVEL SECURITY;
ALTER TABLE results_indicators ENABLE ROW LEVEL SECURITY;
ALTER TABLE results_indicators FORCE ROW LEVEL SECURITY;
ALTER TABLE results_targets ENABLE ROW LEVEL SECURITY;
ALTER TABLE results_targets FORCE ROW LEVEL SECURITY;
ALTER TABLE results_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE results_reports FORCE ROW LEVEL SECURITY;
ALTER TABLE results_report_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE results_report_versions FORCE ROW LEVEL SECURITY;
ALTER TABLE results_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE results_reviews FORCE ROW LEVEL SECURITY;

-- Managers of the owning organisation write the framework.
CREATE POLICY results_frameworks_select ON results_frameworks FOR SELECT TO tandem_app
  USING ((SELECT tandem_user_id()) IS NOT NULL AND (
    owner_org_id = (SELECT tandem_org_id())
    OR EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)
    OR EXISTS (SELECT 1 FROM results_indicators i WHERE i.framework_id = results_frameworks.id AND i.responsible_org_id = (SELECT tandem_org_id()))));
CREATE POLICY results_frameworks_insert ON results_frameworks FOR INSERT TO tandem_app
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin')))
    AND created_by = (SELECT tandem_user_id())
    AND (plan_id IS NULL OR EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.owner_org_id = (SELECT tandem_org_id()))));
CREATE POLICY results_frameworks_update ON results_frameworks FOR UPDATE TO tandem_app
  USING (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))))
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))));

CREATE POLICY results_nodes_select ON results_nodes FOR SELECT TO tandem_app
  USING ((SELECT tandem_user_id()) IS NOT NULL AND (
    owner_org_id = (SELECT tandem_org_id())
    OR EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)
    OR EXISTS (SELECT 1 FROM results_indicators i WHERE i.framework_id = results_nodes.framework_id AND i.responsible_org_id = (SELECT tandem_org_id()))));
CREATE POLICY results_nodes_insert ON results_nodes FOR INSERT TO tandem_app
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))));
CREATE POLICY results_nodes_update ON results_nodes FOR UPDATE TO tandem_app
  USING (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))))
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))));

-- An indicator's own columns decide (no reference back to the framework: no policy recursion).
CREATE POLICY results_indicators_select ON results_indicators FOR SELECT TO tandem_app
  USING ((SELECT tandem_user_id()) IS NOT NULL AND (
    owner_org_id = (SELECT tandem_org_id()) OR responsible_org_id = (SELECT tandem_org_id())
    OR EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)));
CREATE POLICY results_indicators_insert ON results_indicators FOR INSERT TO tandem_app
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin')))
    AND created_by = (SELECT tandem_user_id()));

CREATE POLICY results_targets_select ON results_targets FOR SELECT TO tandem_app
  USING ((SELECT tandem_user_id()) IS NOT NULL AND (
    owner_org_id = (SELECT tandem_org_id()) OR responsible_org_id = (SELECT tandem_org_id())
    OR EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)));
CREATE POLICY results_targets_insert ON results_targets FOR INSERT TO tandem_app
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))));
CREATE POLICY results_targets_update ON results_targets FOR UPDATE TO tandem_app
  USING (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))))
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))));
CREATE POLICY results_targets_delete ON results_targets FOR DELETE TO tandem_app
  USING (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))));

-- Values: the owner and the responsible organisation read them at every status; others who may
-- read a published plan's framework, once approved.
CREATE POLICY results_reports_select ON results_reports FOR SELECT TO tandem_app
  USING ((SELECT tandem_user_id()) IS NOT NULL AND (
    owner_org_id = (SELECT tandem_org_id()) OR responsible_org_id = (SELECT tandem_org_id())
    OR (status = 'approved' AND EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL))));
-- A reporter of the responsible organisation opens a report, submitted, for a reported indicator.
CREATE POLICY results_reports_insert ON results_reports FOR INSERT TO tandem_app
  WITH CHECK (responsible_org_id = (SELECT tandem_org_id()) AND status = 'submitted' AND current_version = 1
    AND ((SELECT tandem_has_role('contributor')) OR (SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin')))
    AND EXISTS (SELECT 1 FROM results_indicators i WHERE i.id = indicator_id AND i.source = 'reported'));
-- The reporter resubmits a returned report; a manager of the owner approves or returns one.
CREATE POLICY results_reports_update ON results_reports FOR UPDATE TO tandem_app
  USING (status <> 'approved' AND (
    (responsible_org_id = (SELECT tandem_org_id())
      AND ((SELECT tandem_has_role('contributor')) OR (SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))))
    OR (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))))))
  WITH CHECK (
    (status = 'submitted' AND responsible_org_id = (SELECT tandem_org_id())
      AND ((SELECT tandem_has_role('contributor')) OR (SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))))
    OR (status IN ('approved', 'returned') AND owner_org_id = (SELECT tandem_org_id())
      AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin')))));

-- Versions: every one to the owner and the responsible organisation, the current one to other
-- readers of an approved report.
CREATE POLICY results_report_versions_select ON results_report_versions FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM results_reports r WHERE r.id = report_id
    AND (r.owner_org_id = (SELECT tandem_org_id()) OR r.responsible_org_id = (SELECT tandem_org_id()) OR r.current_version = version)));
-- Added by a reporter of the responsible organisation while the report is not approved (locked).
CREATE POLICY results_report_versions_insert ON results_report_versions FOR INSERT TO tandem_app
  WITH CHECK (submitted_by = (SELECT tandem_user_id())
    AND ((SELECT tandem_has_role('contributor')) OR (SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin')))
    AND EXISTS (SELECT 1 FROM results_reports r WHERE r.id = report_id AND r.responsible_org_id = (SELECT tandem_org_id()) AND r.status <> 'approved'));

CREATE POLICY results_reviews_select ON results_reviews FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM results_reports r WHERE r.id = report_id
    AND (r.owner_org_id = (SELECT tandem_org_id()) OR r.responsible_org_id = (SELECT tandem_org_id()))));
-- A manager of the owner decides on the version under review, once, and never on a value they
-- sent themselves (where the owner also answers for an indicator, a second person reviews).
CREATE POLICY results_reviews_insert ON results_reviews FOR INSERT TO tandem_app
  WITH CHECK (reviewed_by = (SELECT tandem_user_id())
    AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin')))
    AND EXISTS (SELECT 1 FROM results_reports r WHERE r.id = report_id AND r.owner_org_id = (SELECT tandem_org_id())
      AND r.status = 'submitted' AND r.current_version = version)
    AND NOT EXISTS (SELECT 1 FROM results_report_versions v WHERE v.report_id = results_reviews.report_id AND v.version = results_reviews.version
      AND v.submitted_by = (SELECT tandem_user_id())));
