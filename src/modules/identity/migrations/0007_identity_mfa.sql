-- Second factor: a TOTP secret per person (sealed with the installation's key, bound to the
-- person), one-time recovery codes (stored as hashes), and sessions waiting for the second factor.

CREATE TABLE user_mfa (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  totp_secret text NOT NULL CHECK (totp_secret LIKE 'v1.%'),
  confirmed_at timestamptz,
  -- The last TOTP time step accepted: a code is never accepted twice.
  last_used_step bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mfa_recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_recovery_codes_user_idx ON mfa_recovery_codes (user_id);

ALTER TABLE sessions ADD COLUMN mfa_pending boolean NOT NULL DEFAULT false;
GRANT UPDATE (mfa_pending) ON sessions TO tandem_app;

-- Enrolment and use happen as the person (tandem_app) on their own rows; checking a second
-- factor after the password, before the session has rights, too: the session's owner acts.
GRANT SELECT, INSERT, UPDATE, DELETE ON user_mfa, mfa_recovery_codes TO tandem_app;
GRANT SELECT (user_id, confirmed_at) ON user_mfa TO tandem_auth;

ALTER TABLE user_mfa ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_mfa FORCE ROW LEVEL SECURITY;
ALTER TABLE mfa_recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE mfa_recovery_codes FORCE ROW LEVEL SECURITY;

CREATE POLICY user_mfa_own ON user_mfa FOR ALL TO tandem_app
  USING (user_id = (SELECT tandem_user_id())) WITH CHECK (user_id = (SELECT tandem_user_id()));
CREATE POLICY user_mfa_auth ON user_mfa FOR SELECT TO tandem_auth USING (true);
CREATE POLICY mfa_recovery_codes_own ON mfa_recovery_codes FOR ALL TO tandem_app
  USING (user_id = (SELECT tandem_user_id())) WITH CHECK (user_id = (SELECT tandem_user_id()));

-- A wrong second-factor code counts against the person's own sign-in throttle.
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_throttle TO tandem_app;
CREATE POLICY sign_in_throttle_own ON sign_in_throttle FOR ALL TO tandem_app
  USING (key = 'account:' || encode(sha256(convert_to((SELECT u.email FROM users u WHERE u.id = (SELECT tandem_user_id())), 'UTF8')), 'hex'))
  WITH CHECK (key = 'account:' || encode(sha256(convert_to((SELECT u.email FROM users u WHERE u.id = (SELECT tandem_user_id())), 'UTF8')), 'hex'));
