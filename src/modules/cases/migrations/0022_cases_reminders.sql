-- Reminders: what on a case needs an organisation's attention (a referral waiting for its
-- answer, a consent about to end, a missed session, a review falling due, an overdue plan
-- action). A scheduled job raises them from the records themselves and resolves them when the
-- condition is gone; each organisation sees and dismisses only its own, and only on cases it
-- may still see. A reminder names the case and the kind of thing, never its content.

CREATE TABLE case_reminders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  kind text NOT NULL CHECK (kind IN ('referral_unanswered', 'consent_expiring', 'session_missed', 'review_due', 'action_overdue')),
  -- The record the reminder is about (referral, consent, session, judgement, plan action).
  subject_id uuid NOT NULL,
  due_on date NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  mailed_at timestamptz,
  resolved_at timestamptz,
  dismissed_at timestamptz,
  dismissed_by uuid REFERENCES users (id),
  -- Copied from the case by trigger, like every case table, for the lead agency's policy.
  lead_org_id uuid NOT NULL,
  UNIQUE (kind, subject_id, org_id)
);
CREATE INDEX case_reminders_open_idx ON case_reminders (org_id, due_on) WHERE resolved_at IS NULL AND dismissed_at IS NULL;
CREATE INDEX case_reminders_case_idx ON case_reminders (case_id);

CREATE TRIGGER case_reminders_lead BEFORE INSERT OR UPDATE OF case_id ON case_reminders FOR EACH ROW EXECUTE FUNCTION tandem_copy_lead_org();

ALTER TABLE case_reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_reminders FORCE ROW LEVEL SECURITY;

-- One's own organisation's reminders, on cases it leads (case roles), serves, or is asked to serve.
CREATE POLICY case_reminders_select ON case_reminders FOR SELECT TO tandem_app
  USING (
    org_id = (SELECT tandem_org_id())
    AND (
      (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
      OR case_id IN (SELECT tandem_team_case_ids(NULL))
      OR case_id IN (SELECT tandem_offered_case_ids())));
-- Dismissing is the only change the application makes; the job writes as the owner.
CREATE POLICY case_reminders_dismiss ON case_reminders FOR UPDATE TO tandem_app
  USING (
    org_id = (SELECT tandem_org_id())
    AND (
      (lead_org_id = (SELECT tandem_org_id()) AND (SELECT tandem_case_role_ok()))
      OR case_id IN (SELECT tandem_team_case_ids(NULL))
      OR case_id IN (SELECT tandem_offered_case_ids())))
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND dismissed_by = (SELECT tandem_user_id()));

GRANT SELECT ON case_reminders TO tandem_app;
GRANT UPDATE (dismissed_at, dismissed_by) ON case_reminders TO tandem_app;

-- A subject access export reads every case table (see 0021).
SELECT tandem_add_subject_access_policy('case_reminders');
