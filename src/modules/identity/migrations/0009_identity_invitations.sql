-- Invitations into an organisation, password resets, and what an organisation administrator
-- may change about the organisation's people. Both kinds of token are stored as SHA-256 only.

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
  roles text[] NOT NULL CHECK (
    cardinality(roles) BETWEEN 1 AND 10 AND
    roles <@ ARRAY['org_admin', 'case_coordinator', 'caseworker', 'dpo', 'plan_coordinator', 'contributor',
      'civic_monitor', 'donor_officer', 'viewer']),
  locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'ru', 'ar')),
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  invited_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_user_id uuid REFERENCES users (id),
  revoked_at timestamptz
);
CREATE INDEX invitations_org_idx ON invitations (org_id, created_at);

CREATE TABLE password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;
ALTER TABLE password_resets FORCE ROW LEVEL SECURITY;

-- Organisation administrators manage their organisation's invitations.
GRANT SELECT, INSERT ON invitations TO tandem_app;
GRANT UPDATE (revoked_at) ON invitations TO tandem_app;
CREATE POLICY invitations_org_admin ON invitations FOR ALL TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')))
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')) AND invited_by = (SELECT tandem_user_id()));
-- The invited person, signed in, reads the invitations sent to their own address.
CREATE POLICY invitations_invitee ON invitations FOR SELECT TO tandem_app
  USING (email = (SELECT u.email FROM users u WHERE u.id = (SELECT tandem_user_id())));
-- Anyone holding a token may read the one invitation it names (to show whom it invites, and where).
GRANT SELECT ON invitations TO tandem_auth;
CREATE POLICY invitations_auth ON invitations FOR SELECT TO tandem_auth USING (true);

-- Requesting a reset happens before sign-in.
GRANT SELECT, INSERT ON password_resets TO tandem_auth;
CREATE POLICY password_resets_auth ON password_resets FOR ALL TO tandem_auth USING (true) WITH CHECK (true);

-- A person changes their own password; organisation administrators change roles and deactivate
-- memberships in their organisation, never their own, never to platform administrator.
GRANT UPDATE (password_hash) ON users TO tandem_app;
GRANT UPDATE (roles, status, updated_at) ON memberships TO tandem_app;
CREATE POLICY memberships_org_admin_update ON memberships FOR UPDATE TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin')) AND user_id <> (SELECT tandem_user_id()))
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND user_id <> (SELECT tandem_user_id()) AND NOT ('platform_admin' = ANY (roles)));

-- Held mail: a platform administrator reads all of it, an organisation administrator their organisation's.
CREATE POLICY mail_outbox_admin_select ON mail_outbox FOR SELECT TO tandem_app
  USING ((SELECT tandem_has_role('platform_admin'))
    OR (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('org_admin'))));

-- Accepting an invitation creates an account (or adds a membership to the signed-in one). The
-- sign-in role cannot write accounts itself: only through this function, and only with a valid
-- token. Returns the user id, or NULL when the token is unknown, used, revoked or expired.
CREATE FUNCTION tandem_accept_invitation(p_token_hash bytea, p_display_name text, p_password_hash text)
  RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    inv invitations;
    uid uuid;
  BEGIN
    SELECT * INTO inv FROM invitations
      WHERE token_hash = p_token_hash AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
      FOR UPDATE;
    IF NOT FOUND THEN RETURN NULL; END IF;
    uid := tandem_user_id();
    IF uid IS NOT NULL THEN
      -- Signed in: only the person the invitation was sent to may take it.
      IF NOT EXISTS (SELECT 1 FROM users WHERE id = uid AND email = inv.email AND status = 'active') THEN
        RETURN NULL;
      END IF;
    ELSE
      IF EXISTS (SELECT 1 FROM users WHERE email = inv.email) THEN RETURN NULL; END IF;
      IF p_password_hash IS NULL OR p_display_name IS NULL THEN RETURN NULL; END IF;
      INSERT INTO users (email, display_name, password_hash, locale)
        VALUES (inv.email, p_display_name, p_password_hash, inv.locale) RETURNING id INTO uid;
    END IF;
    INSERT INTO memberships (user_id, org_id, roles) VALUES (uid, inv.org_id, inv.roles)
      ON CONFLICT (user_id, org_id) DO UPDATE SET roles = EXCLUDED.roles, status = 'active', updated_at = now();
    UPDATE invitations SET accepted_at = now(), accepted_user_id = uid WHERE id = inv.id;
    RETURN uid;
  END
  $$;

-- Completing a password reset: a new password, the token used up, every session ended.
CREATE FUNCTION tandem_complete_password_reset(p_token_hash bytea, p_password_hash text)
  RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    uid uuid;
  BEGIN
    UPDATE password_resets SET used_at = now()
      WHERE token_hash = p_token_hash AND used_at IS NULL AND expires_at > now()
      RETURNING user_id INTO uid;
    IF uid IS NULL THEN RETURN NULL; END IF;
    UPDATE users SET password_hash = p_password_hash, updated_at = now() WHERE id = uid AND status = 'active';
    IF NOT FOUND THEN RETURN NULL; END IF;
    UPDATE sessions SET revoked_at = now() WHERE user_id = uid AND revoked_at IS NULL;
    UPDATE password_resets SET used_at = now() WHERE user_id = uid AND used_at IS NULL;
    RETURN uid;
  END
  $$;

-- Ends every session of a person whose membership an administrator of the acting organisation
-- has just deactivated (or whose roles changed), so that the change takes effect at once.
CREATE FUNCTION tandem_end_member_sessions(p_user_id uuid)
  RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    n integer;
  BEGIN
    IF NOT tandem_has_role('org_admin') OR p_user_id = tandem_user_id()
       OR NOT EXISTS (SELECT 1 FROM memberships WHERE user_id = p_user_id AND org_id = tandem_org_id()) THEN
      RAISE EXCEPTION 'not allowed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE sessions SET revoked_at = now() WHERE user_id = p_user_id AND revoked_at IS NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
  END
  $$;

REVOKE EXECUTE ON FUNCTION tandem_accept_invitation(bytea, text, text), tandem_complete_password_reset(bytea, text),
  tandem_end_member_sessions(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_accept_invitation(bytea, text, text) TO tandem_auth, tandem_app;
GRANT EXECUTE ON FUNCTION tandem_complete_password_reset(bytea, text) TO tandem_auth;
GRANT EXECUTE ON FUNCTION tandem_end_member_sessions(uuid) TO tandem_app;

-- Requests never read password hashes: only the acting person's own, through this function,
-- to confirm a password change.
REVOKE SELECT ON users FROM tandem_app;
GRANT SELECT (id, email, display_name, locale, status, last_login_at, created_at, updated_at) ON users TO tandem_app;
CREATE FUNCTION tandem_own_password_hash() RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$ SELECT password_hash FROM users WHERE id = tandem_user_id() AND status = 'active' $$;
REVOKE EXECUTE ON FUNCTION tandem_own_password_hash() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_own_password_hash() TO tandem_app;
