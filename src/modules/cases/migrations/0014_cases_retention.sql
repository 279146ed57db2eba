-- Closure, aftercare, retention and legal hold. A closed case is anonymised once its retention
-- period has passed (unless a data protection officer holds it): the identity vault and every
-- free text are destroyed; the pseudonymous facts that monitoring counts are kept.

ALTER TABLE cases
  ADD COLUMN aftercare_until date,
  ADD COLUMN legal_hold boolean NOT NULL DEFAULT false,
  ADD COLUMN legal_hold_reason text CHECK (length(legal_hold_reason) <= 2000),
  ADD COLUMN anonymised_at timestamptz;

-- Months after closure before anonymisation, per category of person (a deployment may change them).
CREATE TABLE retention_rules (
  category text PRIMARY KEY CHECK (category IN ('adult_returnee', 'child_returnee', 'family_member', 'released_offender', 'referred_for_intervention')),
  months_after_closure integer NOT NULL CHECK (months_after_closure BETWEEN 1 AND 1200)
);
INSERT INTO retention_rules (category, months_after_closure) VALUES
  ('adult_returnee', 60), ('child_returnee', 36), ('family_member', 36), ('released_offender', 60), ('referred_for_intervention', 24);
GRANT SELECT ON retention_rules TO tandem_app;

-- The lead agency's data protection officer places and lifts legal holds (a column of the case
-- the coordinator's own update policy already covers; this lets the officer update it too).
CREATE POLICY cases_dpo_hold ON cases FOR UPDATE TO tandem_app
  USING (tandem_case_overseen(lead_org_id)) WITH CHECK (tandem_case_overseen(lead_org_id));
