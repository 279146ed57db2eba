-- Publishing chosen indicators of a plan's results framework on the plan's public pages.
-- The owner's managers publish a reported indicator of a published plan; then anyone, signed in
-- or not, reads it with the outcome or output it belongs to, the framework's goal, its targets
-- and its approved values (the current version only). Values under review, sent back or
-- corrected stay with the owner and the responsible organisation. Computed indicators are not
-- published here: their figures depend on who asks (see the README).
ALTER TABLE results_indicators ADD COLUMN published_at timestamptz;
ALTER TABLE results_indicators ADD CONSTRAINT results_indicators_published_reported CHECK (published_at IS NULL OR source = 'reported');
CREATE INDEX results_indicators_published_idx ON results_indicators (framework_id) WHERE published_at IS NOT NULL;
GRANT UPDATE (published_at) ON results_indicators TO tandem_app;

CREATE POLICY results_indicators_update ON results_indicators FOR UPDATE TO tandem_app
  USING (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin'))))
  WITH CHECK (owner_org_id = (SELECT tandem_org_id()) AND ((SELECT tandem_has_role('plan_coordinator')) OR (SELECT tandem_has_role('org_admin')))
    AND (published_at IS NULL OR EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)));

-- What the public reads (policies add up: these widen the signed-in ones to everyone, for
-- published indicators of published plans only).
CREATE POLICY results_indicators_public ON results_indicators FOR SELECT TO tandem_app
  USING (published_at IS NOT NULL AND EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL));
CREATE POLICY results_frameworks_public ON results_frameworks FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)
    AND EXISTS (SELECT 1 FROM results_indicators i WHERE i.framework_id = results_frameworks.id AND i.published_at IS NOT NULL));
CREATE POLICY results_nodes_public ON results_nodes FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)
    AND EXISTS (SELECT 1 FROM results_indicators i WHERE i.framework_id = results_nodes.framework_id AND i.published_at IS NOT NULL));
CREATE POLICY results_targets_public ON results_targets FOR SELECT TO tandem_app
  USING (EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)
    AND EXISTS (SELECT 1 FROM results_indicators i WHERE i.id = indicator_id AND i.published_at IS NOT NULL));
CREATE POLICY results_reports_public ON results_reports FOR SELECT TO tandem_app
  USING (status = 'approved' AND EXISTS (SELECT 1 FROM plans p WHERE p.id = plan_id AND p.published_at IS NOT NULL)
    AND EXISTS (SELECT 1 FROM results_indicators i WHERE i.id = indicator_id AND i.published_at IS NOT NULL));
