-- One way to name the organisations a plan's pages name: tandem_plan_organisations, which now
-- serves the consultation pages and the commitments as well as the report, replacing the policy
-- on organisations from 0027 (which added two lookups to every read of organisations anywhere)
-- and tandem_commitment_orgs from 0029. Who is named to whom:
-- * the owning body and the organisations its commitments name, report progress or assess: to
--   whoever may read the plan; an organisation hidden from the directory only to the plan's
--   coordinators and to itself (naming it in public could put it at risk);
-- * invited organisations: to the plan's coordinators and to the organisation itself;
-- * a contribution's organisation: to the plan's coordinators and to the organisation itself,
--   and to everyone when the contribution is answered, published under its name, in a
--   published plan.
DROP POLICY organisations_planning_select ON organisations;
DROP FUNCTION tandem_commitment_orgs(uuid);

DROP FUNCTION tandem_plan_organisations(uuid);
CREATE FUNCTION tandem_plan_organisations(p_plan uuid)
  RETURNS TABLE (id uuid, name text, short_name text, type text, women_led boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    WITH parties AS (
      SELECT p.owner_org_id AS org_id FROM plans p WHERE p.id = p_plan
      UNION SELECT c.lead_org_id FROM commitments c WHERE c.plan_id = p_plan
      UNION SELECT b.org_id FROM commitment_bodies b WHERE b.plan_id = p_plan
      UNION SELECT r.org_id FROM commitment_progress r WHERE r.plan_id = p_plan
      UNION SELECT a.org_id FROM commitment_assessments a WHERE a.plan_id = p_plan
    ), asked AS (
      SELECT i.org_id FROM consultation_invitations i
      WHERE i.plan_id = p_plan AND (i.org_id = tandem_org_id() OR tandem_plan_coordinator(p_plan))
      UNION
      SELECT k.org_id FROM contributions k
      WHERE k.plan_id = p_plan AND k.on_behalf = 'organisation'
        AND (k.org_id = tandem_org_id() OR tandem_plan_coordinator(p_plan)
             OR (k.attribution = 'named' AND k.response_status IS NOT NULL
                 AND EXISTS (SELECT 1 FROM plans p WHERE p.id = p_plan AND p.published_at IS NOT NULL)))
    )
    SELECT o.id, o.name, o.short_name, o.type, o.women_led
    FROM organisations o
    WHERE tandem_plan_readable(p_plan)
      AND ((o.id IN (SELECT org_id FROM parties)
            AND (o.visibility <> 'hidden' OR o.id = tandem_org_id() OR tandem_plan_coordinator(p_plan)))
           OR o.id IN (SELECT org_id FROM asked))
  $$;
REVOKE EXECUTE ON FUNCTION tandem_plan_organisations(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_plan_organisations(uuid) TO tandem_app;
