-- Outgoing mail, written in the same transaction as the action that sends it (an invitation, a
-- password reset). With SMTP configured a background step sends it and then forgets the body
-- (it may hold a single-use link); without SMTP it is held, for administrators to read in the
-- web app and pass on.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- The organisation on whose behalf it was sent, if any; its administrators can read it while held.
  org_id uuid,
  kind text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
  to_email text NOT NULL CHECK (length(to_email) <= 254),
  subject text NOT NULL CHECK (length(subject) <= 300),
  body_text text CHECK (length(body_text) <= 20000),
  status text NOT NULL CHECK (status IN ('pending', 'held', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE status = 'pending';
CREATE INDEX mail_outbox_org_idx ON mail_outbox (org_id, created_at);

GRANT INSERT (org_id, kind, to_email, subject, body_text, status) ON mail_outbox TO tandem_app, tandem_auth;
GRANT SELECT ON mail_outbox TO tandem_app;
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY mail_outbox_insert ON mail_outbox FOR INSERT TO tandem_app, tandem_auth WITH CHECK (true);
-- Who may read it is decided with the roles (identity migrations).
