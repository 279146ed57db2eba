-- People's accounts, their memberships in organisations (with roles), and sign-in sessions.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254 AND email LIKE '_%@_%'),
  display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
  -- argon2id PHC string; NULL until an invitation is accepted.
  password_hash text,
  locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'ru', 'ar')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  roles text[] NOT NULL CHECK (
    cardinality(roles) BETWEEN 1 AND 10 AND
    roles <@ ARRAY['platform_admin', 'org_admin', 'case_coordinator', 'caseworker', 'dpo',
      'plan_coordinator', 'contributor', 'civic_monitor', 'donor_officer', 'viewer']),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, org_id)
);
CREATE INDEX memberships_org_idx ON memberships (org_id);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- SHA-256 of the token held in the cookie; the token itself is never stored.
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  active_org_id uuid REFERENCES organisations (id),
  user_agent text CHECK (length(user_agent) <= 300),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- The acting organisation: the one named in the request context, but only while the acting
-- user holds an active membership there. SECURITY DEFINER so that policies on memberships can
-- use it without recursing into themselves.
CREATE FUNCTION tandem_org_id() RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT m.org_id FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.user_id = tandem_user_id()
      AND m.org_id = nullif(current_setting('tandem.org_id', true), '')::uuid
      AND m.status = 'active' AND u.status = 'active'
  $$;

-- Whether the acting user holds a role in the acting organisation.
CREATE FUNCTION tandem_has_role(role text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM memberships m
      WHERE m.user_id = tandem_user_id() AND m.org_id = tandem_org_id()
        AND m.status = 'active' AND role = ANY (m.roles))
  $$;

REVOKE EXECUTE ON FUNCTION tandem_org_id(), tandem_has_role(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_org_id(), tandem_has_role(text) TO tandem_app, tandem_auth;

GRANT SELECT ON users TO tandem_app;
GRANT UPDATE (display_name, locale, updated_at) ON users TO tandem_app;
GRANT SELECT (id, email, display_name, password_hash, locale, status) ON users TO tandem_auth;
GRANT UPDATE (last_login_at) ON users TO tandem_auth;
GRANT SELECT ON memberships TO tandem_app, tandem_auth;
GRANT SELECT, DELETE ON sessions TO tandem_app;
GRANT UPDATE (active_org_id, revoked_at) ON sessions TO tandem_app;
GRANT SELECT, INSERT ON sessions TO tandem_auth;
GRANT UPDATE (last_seen_at, revoked_at) ON sessions TO tandem_auth;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;

-- Requests see their own account and the accounts of colleagues in the acting organisation.
CREATE POLICY users_app_select ON users FOR SELECT TO tandem_app
  USING (id = (SELECT tandem_user_id()) OR id IN (SELECT m.user_id FROM memberships m WHERE m.org_id = (SELECT tandem_org_id())));
CREATE POLICY users_app_update ON users FOR UPDATE TO tandem_app
  USING (id = (SELECT tandem_user_id())) WITH CHECK (id = (SELECT tandem_user_id()));
CREATE POLICY users_auth ON users FOR ALL TO tandem_auth USING (true) WITH CHECK (true);

CREATE POLICY memberships_app_select ON memberships FOR SELECT TO tandem_app
  USING (user_id = (SELECT tandem_user_id()) OR org_id = (SELECT tandem_org_id()));
CREATE POLICY memberships_auth ON memberships FOR SELECT TO tandem_auth USING (true);

CREATE POLICY sessions_app ON sessions FOR ALL TO tandem_app
  USING (user_id = (SELECT tandem_user_id())) WITH CHECK (user_id = (SELECT tandem_user_id()));
CREATE POLICY sessions_auth ON sessions FOR ALL TO tandem_auth USING (true) WITH CHECK (true);

-- Organisations: public ones to everyone signed in, one's own, and all to a platform administrator.
CREATE POLICY organisations_app_select ON organisations FOR SELECT TO tandem_app
  USING (
    visibility = 'public'
    OR id IN (SELECT m.org_id FROM memberships m WHERE m.user_id = (SELECT tandem_user_id()) AND m.status = 'active')
    OR (SELECT tandem_has_role('platform_admin')));
CREATE POLICY organisations_app_insert ON organisations FOR INSERT TO tandem_app
  WITH CHECK ((SELECT tandem_has_role('platform_admin')));
CREATE POLICY organisations_app_update ON organisations FOR UPDATE TO tandem_app
  USING ((SELECT tandem_has_role('platform_admin')) OR (id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin'))))
  WITH CHECK ((SELECT tandem_has_role('platform_admin')) OR (id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin'))));
CREATE POLICY organisations_auth ON organisations FOR SELECT TO tandem_auth USING (true);
