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
