-- The names of the organisations a plan's pages, response report and exports name: the owning
-- body, the bodies of its commitments, those reporting progress or assessing, and the authors of
-- contributions published under their organisation's name. The directory may hide an
-- organisation (visibility 'partners' or 'hidden'), yet a published plan names who is
-- accountable and who took part by name. Only id, name, short name and type leave here, and
-- only for organisations the caller may see named in this plan:
-- * those of the plan and its commitments, to whoever may read the plan;
-- * a contribution's organisation, to the plan's coordinators and to the organisation itself,
--   and to everyone when it is answered, named and the plan published.
CREATE FUNCTION tandem_plan_organisations(p_plan uuid)
  RETURNS TABLE (id uuid, name text, short_name text, type text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT o.id, o.name, o.short_name, o.type
    FROM organisations o
    WHERE o.id IN (
      SELECT p.owner_org_id FROM plans p WHERE p.id = p_plan AND tandem_plan_readable(p_plan)
      UNION SELECT c.lead_org_id FROM commitments c WHERE c.plan_id = p_plan AND tandem_plan_readable(p_plan)
      UNION SELECT b.org_id FROM commitment_bodies b WHERE b.plan_id = p_plan AND tandem_plan_readable(p_plan)
      UNION SELECT r.org_id FROM commitment_progress r WHERE r.plan_id = p_plan AND tandem_plan_readable(p_plan)
      UNION SELECT a.org_id FROM commitment_assessments a WHERE a.plan_id = p_plan AND tandem_plan_readable(p_plan)
      UNION SELECT k.org_id FROM contributions k
        WHERE k.plan_id = p_plan
          AND (tandem_plan_coordinator(p_plan)
               OR (k.on_behalf = 'organisation' AND k.org_id = tandem_org_id())
               OR (k.on_behalf = 'organisation' AND k.attribution = 'named' AND k.response_status IS NOT NULL
                   AND EXISTS (SELECT 1 FROM plans p WHERE p.id = p_plan AND p.published_at IS NOT NULL))))
  $$;

REVOKE EXECUTE ON FUNCTION tandem_plan_organisations(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_plan_organisations(uuid) TO tandem_app;
