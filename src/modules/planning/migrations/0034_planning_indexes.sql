-- Planning at national scale. The read policies of 0025 and 0027 asked tandem_plan_readable()
-- or tandem_plan_coordinator() once per row (the argument is the row's plan): a SECURITY DEFINER
-- call costs 0.05–0.6 ms, so a plan with 5,000 contributions spent seconds in its policies. As
-- for cases (0015), each statement now asks once: which plans may the acting person (or the
-- public) read, and which does it coordinate; a row passes when its plan is in the set. The
-- rules are those of the two functions, which stay for single checks and for writes.

-- Plans the acting person (or the public) may read: as tandem_plan_readable() (0032), for all plans.
CREATE FUNCTION tandem_readable_plan_ids() RETURNS uuid[]
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    WITH me AS (
      SELECT tandem_org_id() AS org,
             tandem_has_role('plan_coordinator') OR tandem_has_role('contributor') AS takes_part)
    SELECT coalesce(array_agg(p.id), '{}')
    FROM plans p CROSS JOIN me
    WHERE p.published_at IS NOT NULL
       OR (me.takes_part
           AND (p.owner_org_id = me.org
                OR (p.stage <> 'drafting' AND p.country = (SELECT o.country FROM organisations o WHERE o.id = me.org))))
  $$;

-- Plans the acting person coordinates: as tandem_plan_coordinator(), for all plans.
CREATE FUNCTION tandem_coordinated_plan_ids() RETURNS uuid[]
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    SELECT coalesce(array_agg(p.id), '{}')
    FROM plans p
    WHERE p.owner_org_id = tandem_org_id() AND tandem_has_role('plan_coordinator')
  $$;

REVOKE EXECUTE ON FUNCTION tandem_readable_plan_ids(), tandem_coordinated_plan_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_readable_plan_ids(), tandem_coordinated_plan_ids() TO tandem_app;

-- The plan's own parts: readable with the plan.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['plan_stage_changes', 'plan_sections', 'plan_section_versions', 'consultations',
    'consultation_sections', 'consultation_questions', 'commitments', 'commitment_bodies',
    'commitment_milestones', 'commitment_indicators'] LOOP
    EXECUTE format('DROP POLICY %I ON %I', t || '_select', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO tandem_app USING (plan_id = ANY ((SELECT tandem_readable_plan_ids())::uuid[]))', t || '_select', t);
  END LOOP;
END
$$;

DROP POLICY plans_select ON plans;
-- The row's own columns first, so that a plan is readable in the statement that inserts it (0031).
CREATE POLICY plans_select ON plans FOR SELECT TO tandem_app
  USING (published_at IS NOT NULL
    OR (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('contributor'))))
    OR id = ANY ((SELECT tandem_readable_plan_ids())::uuid[]));

DROP POLICY commitment_progress_select ON commitment_progress;
CREATE POLICY commitment_progress_select ON commitment_progress FOR SELECT TO tandem_app USING (plan_id = ANY ((SELECT tandem_readable_plan_ids())::uuid[]));
DROP POLICY commitment_assessments_select ON commitment_assessments;
CREATE POLICY commitment_assessments_select ON commitment_assessments FOR SELECT TO tandem_app USING (plan_id = ANY ((SELECT tandem_readable_plan_ids())::uuid[]));

-- Policies FOR ALL apply to reads too: the coordinators' set, asked once.
DROP POLICY consultation_invitations_select ON consultation_invitations;
CREATE POLICY consultation_invitations_select ON consultation_invitations FOR SELECT TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) OR plan_id = ANY ((SELECT tandem_coordinated_plan_ids())::uuid[]));
DROP POLICY consultation_invitations_write ON consultation_invitations;
CREATE POLICY consultation_invitations_write ON consultation_invitations FOR ALL TO tandem_app
  USING (plan_id = ANY ((SELECT tandem_coordinated_plan_ids())::uuid[])) WITH CHECK (plan_id = ANY ((SELECT tandem_coordinated_plan_ids())::uuid[]));

DROP POLICY consultation_participants_all ON consultation_participants;
CREATE POLICY consultation_participants_all ON consultation_participants FOR ALL TO tandem_app
  USING (plan_id = ANY ((SELECT tandem_coordinated_plan_ids())::uuid[])) WITH CHECK (plan_id = ANY ((SELECT tandem_coordinated_plan_ids())::uuid[]));

DROP POLICY contributions_select ON contributions;
CREATE POLICY contributions_select ON contributions FOR SELECT TO tandem_app
  USING (
    user_id = (SELECT tandem_user_id())
    OR (on_behalf = 'organisation' AND org_id = (SELECT tandem_org_id()))
    OR plan_id = ANY ((SELECT tandem_coordinated_plan_ids())::uuid[])
    OR (response_status IS NOT NULL AND EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)));

DROP POLICY contribution_links_write ON contribution_links;
CREATE POLICY contribution_links_write ON contribution_links FOR ALL TO tandem_app
  USING (plan_id = ANY ((SELECT tandem_coordinated_plan_ids())::uuid[])) WITH CHECK (plan_id = ANY ((SELECT tandem_coordinated_plan_ids())::uuid[]));

DROP POLICY plan_files_select ON plan_files;
CREATE POLICY plan_files_select ON plan_files FOR SELECT TO tandem_app
  USING (CASE owner_kind
    WHEN 'contribution' THEN EXISTS (
      SELECT 1 FROM contributions c WHERE c.id = owner_id
        AND (c.attribution = 'named' OR c.user_id = (SELECT tandem_user_id())
             OR (c.on_behalf = 'organisation' AND c.org_id = (SELECT tandem_org_id()))
             OR c.plan_id = ANY ((SELECT tandem_coordinated_plan_ids())::uuid[])))
    ELSE plan_id = ANY ((SELECT tandem_readable_plan_ids())::uuid[]) END);

-- The names a plan's pages, report and exports show (0033): the same rules, but who the caller
-- is asked once, not once for each contribution (which cost 0.3 ms a row).
CREATE OR REPLACE FUNCTION tandem_plan_organisations(p_plan uuid)
  RETURNS TABLE (id uuid, name text, short_name text, type text, women_led boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    WITH me AS MATERIALIZED (
      SELECT tandem_plan_readable(p_plan) AS readable,
             tandem_plan_coordinator(p_plan) AS coordinator,
             tandem_org_id() AS org,
             EXISTS (SELECT 1 FROM plans p WHERE p.id = p_plan AND p.published_at IS NOT NULL) AS published),
    parties AS (
      SELECT p.owner_org_id AS org_id FROM plans p WHERE p.id = p_plan
      UNION SELECT c.lead_org_id FROM commitments c WHERE c.plan_id = p_plan
      UNION SELECT b.org_id FROM commitment_bodies b WHERE b.plan_id = p_plan
      UNION SELECT r.org_id FROM commitment_progress r WHERE r.plan_id = p_plan
      UNION SELECT a.org_id FROM commitment_assessments a WHERE a.plan_id = p_plan
    ), asked AS (
      SELECT i.org_id FROM consultation_invitations i, me
      WHERE i.plan_id = p_plan AND (i.org_id = me.org OR me.coordinator)
      UNION
      SELECT k.org_id FROM contributions k, me
      WHERE k.plan_id = p_plan AND k.on_behalf = 'organisation'
        AND (k.org_id = me.org OR me.coordinator OR (k.attribution = 'named' AND k.response_status IS NOT NULL AND me.published))
    )
    SELECT o.id, o.name, o.short_name, o.type, o.women_led
    FROM organisations o, me
    WHERE me.readable
      AND ((o.id IN (SELECT org_id FROM parties) AND (o.visibility <> 'hidden' OR o.id = me.org OR me.coordinator))
           OR o.id IN (SELECT org_id FROM asked))
  $$;
