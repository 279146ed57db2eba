-- Walls of the planning module, tightened after a security review:
-- * a plan is owned by a government body of the plan's own country;
-- * the owning body's staff read a plan in drafting only when they take part in planning (plan
--   coordinators and contributors), not every member of the body;
-- * an independent assessment comes from an organisation of the plan's country that may read the
--   plan, made by a person who belongs to none of the bodies answering for the commitment (its
--   lead, responsible and accountable bodies, and the plan's owning body), once a day at most;
-- * progress is reported only on a plan the reporting body may read; a reporter records that a
--   milestone was reached, once, on a day that has come, and never clears or moves that date;
-- * a contribution waits for a change of the plan's stage in progress, so that none slips in
--   beside the adoption and escapes the adoption rule;
-- * SECURITY DEFINER functions search pg_catalog and public only, with pg_temp last;
-- * files go with progress updates and assessments only from people taking part in planning.

-- Whether an organisation may own a plan of a country: a government body of that country.
CREATE FUNCTION tandem_plan_owner_fits(p_org uuid, p_country text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT EXISTS (SELECT 1 FROM organisations o WHERE o.id = p_org AND o.type = 'government' AND o.country = p_country)
  $$;
REVOKE EXECUTE ON FUNCTION tandem_plan_owner_fits(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_plan_owner_fits(uuid, text) TO tandem_app;

DROP POLICY plans_insert ON plans;
CREATE POLICY plans_insert ON plans FOR INSERT TO tandem_app
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('plan_coordinator'))
    AND tandem_plan_owner_fits(owner_org_id, country));

-- The acting person (or the public) may read this plan and what belongs to it: everyone once
-- published; before, only people taking part in planning — of the owning body, and of the
-- plan's country once the plan is out of drafting.
CREATE OR REPLACE FUNCTION tandem_plan_readable(p_plan uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM plans p
      WHERE p.id = p_plan
        AND (p.published_at IS NOT NULL
             OR ((tandem_has_role('plan_coordinator') OR tandem_has_role('contributor'))
                 AND (p.owner_org_id = tandem_org_id()
                      OR (p.stage <> 'drafting'
                          AND p.country = (SELECT o.country FROM organisations o WHERE o.id = tandem_org_id()))))))
  $$;

-- The same on the row itself, so that a plan is readable in the statement that inserts it (0031).
DROP POLICY plans_select ON plans;
CREATE POLICY plans_select ON plans FOR SELECT TO tandem_app
  USING (published_at IS NOT NULL
    OR (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('contributor'))))
    OR tandem_plan_readable(id));

-- The acting organisation leads this commitment or is responsible for it, may read its plan, and
-- the acting person takes part in planning: they may report progress.
CREATE OR REPLACE FUNCTION tandem_commitment_reporter(p_commitment uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT (tandem_has_role('plan_coordinator') OR tandem_has_role('contributor'))
      AND EXISTS (
        SELECT 1 FROM commitments c
        WHERE c.id = p_commitment AND tandem_plan_readable(c.plan_id)
          AND (c.lead_org_id = tandem_org_id()
               OR EXISTS (SELECT 1 FROM commitment_bodies b WHERE b.commitment_id = c.id AND b.org_id = tandem_org_id() AND b.role = 'responsible')))
  $$;

-- The acting organisation may assess this commitment independently: a civil society, community
-- or academic organisation of the plan's country, taking part in planning and able to read the
-- plan, neither leading the commitment nor responsible or accountable for it; and the acting
-- person holds no active membership in any of those bodies or in the plan's owning body.
CREATE OR REPLACE FUNCTION tandem_commitment_assessor(p_commitment uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT tandem_has_role('contributor')
      AND EXISTS (
        SELECT 1
        FROM commitments c
        JOIN plans p ON p.id = c.plan_id
        JOIN organisations o ON o.id = tandem_org_id()
        WHERE c.id = p_commitment
          AND o.type IN ('cso', 'community', 'academic')
          AND o.country = p.country
          AND tandem_plan_readable(c.plan_id)
          AND c.lead_org_id <> o.id
          AND NOT EXISTS (SELECT 1 FROM commitment_bodies b
                          WHERE b.commitment_id = c.id AND b.org_id = o.id AND b.role IN ('responsible', 'accountable'))
          AND NOT EXISTS (
            SELECT 1 FROM memberships m
            WHERE m.user_id = tandem_user_id() AND m.status = 'active'
              AND (m.org_id = c.lead_org_id
                   OR m.org_id = p.owner_org_id
                   OR m.org_id IN (SELECT b.org_id FROM commitment_bodies b
                                   WHERE b.commitment_id = c.id AND b.role IN ('responsible', 'accountable')))))
  $$;

-- One assessment by an organisation of a commitment on a given day.
CREATE UNIQUE INDEX commitment_assessments_daily ON commitment_assessments (commitment_id, org_id, assessed_on);

-- Where an invitation to a consultation goes: the active contributors and plan coordinators of
-- an organisation invited to it. Only for the plan's coordinators.
CREATE OR REPLACE FUNCTION tandem_consultation_invitees(p_consultation uuid, p_org uuid) RETURNS TABLE (email text, display_name text, locale text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT u.email, u.display_name, u.locale
    FROM consultations k
    JOIN consultation_invitations i ON i.consultation_id = k.id AND i.org_id = p_org
    JOIN memberships m ON m.org_id = i.org_id AND m.status = 'active' AND m.roles && ARRAY['contributor', 'plan_coordinator']
    JOIN users u ON u.id = m.user_id AND u.status = 'active'
    WHERE k.id = p_consultation AND tandem_plan_coordinator(k.plan_id)
  $$;

-- The other planning functions that run as their owner keep their bodies; only where they look
-- for names changes.
ALTER FUNCTION tandem_plan_coordinator(uuid) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION tandem_contribution_author(uuid) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION tandem_plan_representation(uuid) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION tandem_plan_organisations(uuid) SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION tandem_commitment_orgs(uuid) SET search_path = pg_catalog, public, pg_temp;

-- A milestone's completion, as a reporter may record it: from not done to a day that has come
-- (tomorrow in UTC at the latest, as for progress updates, so that a person east of Greenwich may
-- use their own today). Clearing or moving a recorded date is the coordinators' alone.
CREATE OR REPLACE FUNCTION tandem_milestone_columns() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    -- Outside a request (demo data, maintenance) nobody acts: nothing to hold back.
    IF tandem_org_id() IS NULL OR tandem_plan_coordinator(OLD.plan_id) THEN
      RETURN NEW;
    END IF;
    IF (NEW.commitment_id, NEW.plan_id, NEW.position, NEW.title, NEW.deliverable, NEW.due_on)
        IS DISTINCT FROM (OLD.commitment_id, OLD.plan_id, OLD.position, OLD.title, OLD.deliverable, OLD.due_on) THEN
      RAISE EXCEPTION 'only the plan''s coordinators change a milestone beyond its completion' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.completed_on IS DISTINCT FROM OLD.completed_on
       AND (OLD.completed_on IS NOT NULL OR NEW.completed_on IS NULL
            OR NEW.completed_on > (now() AT TIME ZONE 'UTC')::date + 1) THEN
      RAISE EXCEPTION 'a milestone is marked done once, on a day that has come' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END
  $$;

-- The admissibility rule of 0027, now reading the plan FOR SHARE: a contribution waits for a
-- change of stage in progress and then sees the new stage, so that none is inserted unseen beside
-- the move to "adopted" (which counts the contributions awaiting an answer under a lock of the
-- same row). Runs as its owner: locking a row asks for the right to update it, which a
-- contributor has not; what the acting person may insert is still decided by the policy on
-- contributions.
CREATE OR REPLACE FUNCTION tandem_contribution_admissible() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
  DECLARE k consultations%ROWTYPE;
  DECLARE p plans%ROWTYPE;
  BEGIN
    SELECT * INTO p FROM plans WHERE id = NEW.plan_id FOR SHARE;
    SELECT * INTO k FROM consultations WHERE id = NEW.consultation_id AND plan_id = NEW.plan_id;
    IF k.id IS NULL OR p.id IS NULL THEN
      RAISE EXCEPTION 'no such consultation' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p.stage <> 'consultation' OR now() < k.opens_at OR now() >= k.closes_at THEN
      RAISE EXCEPTION 'the consultation is not open' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = NEW.org_id AND o.country = p.country) THEN
      RAISE EXCEPTION 'the consultation is open to organisations of the plan''s country' USING ERRCODE = 'insufficient_privilege';
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

-- Files: added by the acting organisation for itself, by a person taking part in planning.
DROP POLICY plan_files_insert ON plan_files;
CREATE POLICY plan_files_insert ON plan_files FOR INSERT TO tandem_app
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND created_by = (SELECT tandem_user_id())
    AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('contributor')))
    AND CASE owner_kind
      WHEN 'contribution' THEN EXISTS (SELECT 1 FROM contributions c WHERE c.id = owner_id AND c.plan_id = plan_files.plan_id AND c.user_id = (SELECT tandem_user_id()))
      WHEN 'commitment' THEN EXISTS (SELECT 1 FROM commitments c WHERE c.id = owner_id AND c.plan_id = plan_files.plan_id) AND (SELECT tandem_plan_coordinator(plan_id))
      WHEN 'progress' THEN EXISTS (SELECT 1 FROM commitment_progress r WHERE r.id = owner_id AND r.plan_id = plan_files.plan_id AND r.org_id = (SELECT tandem_org_id()))
      WHEN 'assessment' THEN EXISTS (SELECT 1 FROM commitment_assessments a WHERE a.id = owner_id AND a.plan_id = plan_files.plan_id AND a.org_id = (SELECT tandem_org_id()))
      ELSE false END);
