-- Mail is sent by jobs after the transaction that wrote it commits, never inside one. A job
-- claims its message (status "sending", with the moment), so that two instances never send it
-- twice; a claim older than ten minutes is taken to have died with its process.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_status_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_status_check CHECK (status IN ('pending', 'sending', 'held', 'sent', 'failed'));
ALTER TABLE mail_outbox ADD COLUMN claimed_at timestamptz;
DROP INDEX mail_outbox_pending_idx;
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE status IN ('pending', 'sending');
-- The writer names the message (the job that sends it is asked for by id after commit; the
-- writer may not read the outbox back).
GRANT INSERT (id) ON mail_outbox TO tandem_app, tandem_auth;
