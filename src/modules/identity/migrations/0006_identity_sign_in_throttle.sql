-- Failed sign-ins counted per account (by a hash of the e-mail address, whether or not an
-- account exists, so that a lock says nothing about existence) and per client address.
CREATE TABLE sign_in_throttle (
  key text PRIMARY KEY CHECK (key ~ '^(account|address):.{1,128}$'),
  failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_throttle TO tandem_auth;
ALTER TABLE sign_in_throttle ENABLE ROW LEVEL SECURITY;
ALTER TABLE sign_in_throttle FORCE ROW LEVEL SECURITY;
CREATE POLICY sign_in_throttle_auth ON sign_in_throttle FOR ALL TO tandem_auth USING (true) WITH CHECK (true);
