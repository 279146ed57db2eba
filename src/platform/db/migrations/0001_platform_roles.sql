-- Database roles and request context.
--
-- The connecting role owns the schema and runs migrations, seeds and scheduled jobs; it must be
-- a superuser or have BYPASSRLS (checked at start). Requests never run as it: each request's
-- transaction switches with SET LOCAL ROLE to one of these two roles, which have no BYPASSRLS,
-- so row-level security holds even where application code errs.
--   tandem_app   serves every request, with the acting user and organisation set.
--   tandem_auth  signs people in and looks up sessions, before anyone is known; nothing else.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem_app') THEN
    CREATE ROLE tandem_app NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem_auth') THEN
    CREATE ROLE tandem_auth NOLOGIN NOINHERIT;
  END IF;
END
$$;

GRANT tandem_app TO CURRENT_USER;
GRANT tandem_auth TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO tandem_app, tandem_auth;

-- The acting user and organisation of the current transaction, as set by the application.
-- Empty or missing settings mean "nobody".
CREATE FUNCTION tandem_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('tandem.user_id', true), '')::uuid $$;

CREATE FUNCTION tandem_request_id() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('tandem.request_id', true), '') $$;

-- Settings of this installation that requests never read (generated secrets in demo mode,
-- markers such as "demo data seeded"). No grants: only the owner role reaches them.
CREATE TABLE instance_settings (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.]{0,62}$'),
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE instance_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE instance_settings FORCE ROW LEVEL SECURITY;
