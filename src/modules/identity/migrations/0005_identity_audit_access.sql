-- A data protection officer reads the audit trail of their organisation: what its people did,
-- and what was done to its data.
CREATE POLICY audit_events_dpo_select ON audit_events FOR SELECT TO tandem_app
  USING (
    (SELECT tandem_has_role('dpo'))
    AND (actor_org_id = (SELECT tandem_org_id()) OR subject_org_id = (SELECT tandem_org_id())));
