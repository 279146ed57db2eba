-- Consultations name the organisations taking part: a plan's coordinators read the profile of
-- every organisation they invited or that contributed to their plan, whatever its directory
-- visibility (its name is already on its contribution). And a consultation "open to all" is open
-- to the organisations of the plan's country only, which the admissibility rule now checks too.
CREATE POLICY organisations_planning_select ON organisations FOR SELECT TO tandem_app
  USING (
    EXISTS (SELECT 1 FROM consultation_invitations i WHERE i.org_id = organisations.id AND (SELECT tandem_plan_coordinator(i.plan_id)))
    OR EXISTS (SELECT 1 FROM contributions c WHERE c.org_id = organisations.id AND c.on_behalf = 'organisation' AND (SELECT tandem_plan_coordinator(c.plan_id))));

CREATE OR REPLACE FUNCTION tandem_contribution_admissible() RETURNS trigger
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
