-- A contribution's attachments may name the people who wrote it: beyond its author, its
-- organisation and the plan's coordinators, they are readable only when the contribution is
-- published under its organisation's name, never with an anonymous or individual one.
DROP POLICY plan_files_select ON plan_files;
CREATE POLICY plan_files_select ON plan_files FOR SELECT TO tandem_app
  USING (CASE owner_kind
    WHEN 'contribution' THEN EXISTS (
      SELECT 1 FROM contributions c WHERE c.id = owner_id
        AND (c.attribution = 'named' OR c.user_id = (SELECT tandem_user_id())
             OR (c.on_behalf = 'organisation' AND c.org_id = (SELECT tandem_org_id()))
             OR (SELECT tandem_plan_coordinator(c.plan_id))))
    ELSE (SELECT tandem_plan_readable(plan_id)) END);
