-- Commitments: reporters mark milestones done, and commitments name their bodies.
--
-- A milestone is marked done by the body that reports progress on its commitment (the lead body
-- or a body responsible for it), with the progress update that says so. The policies of 0025 let
-- only the plan's coordinators update milestones; this lets reporters update them too, and the
-- trigger below holds reporters to the date of completion: every other column stays as the
-- coordinators wrote it.
CREATE POLICY commitment_milestones_reporter_update ON commitment_milestones FOR UPDATE TO tandem_app
  USING ((SELECT tandem_commitment_reporter(commitment_id)))
  WITH CHECK ((SELECT tandem_commitment_reporter(commitment_id)));

CREATE FUNCTION tandem_milestone_columns() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    -- Outside a request (demo data, maintenance) nobody acts: nothing to hold back.
    IF tandem_org_id() IS NOT NULL AND NOT tandem_plan_coordinator(OLD.plan_id)
      AND (NEW.commitment_id, NEW.plan_id, NEW.position, NEW.title, NEW.deliverable, NEW.due_on)
        IS DISTINCT FROM (OLD.commitment_id, OLD.plan_id, OLD.position, OLD.title, OLD.deliverable, OLD.due_on) THEN
      RAISE EXCEPTION 'only the plan''s coordinators change a milestone beyond its completion' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END
  $$;
CREATE TRIGGER commitment_milestones_columns BEFORE UPDATE ON commitment_milestones FOR EACH ROW EXECUTE FUNCTION tandem_milestone_columns();

-- The names of the organisations a plan's commitments name (lead, supporting bodies) and of
-- those that reported progress or assessed them, for whoever may read the plan: a commitment
-- names its bodies even when their directory profile is shown to partners only. Only names and
-- types leave this function, and never of an organisation hidden from the directory that the
-- reader could not otherwise see.
CREATE FUNCTION tandem_commitment_orgs(p_plan uuid) RETURNS TABLE (id uuid, name text, type text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT o.id, o.name, o.type FROM organisations o
    WHERE tandem_plan_readable(p_plan)
      AND (o.visibility <> 'hidden' OR o.id = tandem_org_id())
      AND o.id IN (SELECT c.lead_org_id FROM commitments c WHERE c.plan_id = p_plan
                   UNION SELECT b.org_id FROM commitment_bodies b WHERE b.plan_id = p_plan
                   UNION SELECT r.org_id FROM commitment_progress r WHERE r.plan_id = p_plan
                   UNION SELECT a.org_id FROM commitment_assessments a WHERE a.plan_id = p_plan)
  $$;
REVOKE EXECUTE ON FUNCTION tandem_commitment_orgs(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_commitment_orgs(uuid) TO tandem_app;
