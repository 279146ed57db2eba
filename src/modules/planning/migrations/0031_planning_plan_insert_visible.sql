-- A plan must be readable in the statement that creates it (INSERT … RETURNING): the owning
-- body's own plans and published ones are checked on the row itself, before asking
-- tandem_plan_readable (whose query on plans cannot see a row not yet inserted).
DROP POLICY plans_select ON plans;
CREATE POLICY plans_select ON plans FOR SELECT TO tandem_app
  USING (published_at IS NOT NULL OR owner_org_id = (SELECT tandem_org_id()) OR tandem_plan_readable(id));
