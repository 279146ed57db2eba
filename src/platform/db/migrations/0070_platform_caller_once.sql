-- The caller, resolved once per transaction. tandem_org_id() and tandem_has_role() used to ask
-- memberships ⨝ users on every call: some twenty times per statement under row-level security,
-- and once per row inside functions that policies call per row. Now the transaction's first
-- statement after its context (platform/db/context.ts) asks once, here, and keeps the answer in
-- transaction-local settings; the two functions read those settings as constants.
--
-- Who may set what stays as before: the application names the acting person and organisation
-- (tandem.user_id, tandem.org_id, checked as uuids before they reach SQL); the database, not the
-- application, decides whether that person is an active member of that organisation and with
-- which roles. The answer is kept together with the person and organisation it was resolved
-- for, and is used only while both settings still name them: a transaction that changes either
-- afterwards (the public reading of planning clears them) acts as nobody until it resolves
-- again. Setting tandem.caller by hand takes the same power as setting tandem.user_id by hand
-- did before: both are statements only the application's own code writes.
CREATE FUNCTION tandem_resolve_caller() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  DECLARE
    v_user text := coalesce(current_setting('tandem.user_id', true), '');
    v_org text := coalesce(current_setting('tandem.org_id', true), '');
    v_roles text[];
  BEGIN
    IF v_user <> '' AND v_org <> '' THEN
      SELECT m.roles INTO v_roles FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.user_id = v_user::uuid AND m.org_id = v_org::uuid AND m.status = 'active' AND u.status = 'active';
    END IF;
    IF v_roles IS NULL THEN
      EXECUTE 'SET LOCAL tandem.caller = ''''';
      EXECUTE 'SET LOCAL tandem.caller_roles = ''''';
    ELSE
      -- uuids and role names (a checked vocabulary, see memberships_roles_check): nothing to quote.
      EXECUTE format('SET LOCAL tandem.caller = %L', v_user || '/' || v_org);
      EXECUTE format('SET LOCAL tandem.caller_roles = %L', ',' || array_to_string(v_roles, ',') || ',');
    END IF;
  END
$$;
REVOKE EXECUTE ON FUNCTION tandem_resolve_caller() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_resolve_caller() TO tandem_app, tandem_auth;

-- The acting organisation: the resolved one, while the context still names the same person and
-- organisation; otherwise nobody.
CREATE OR REPLACE FUNCTION tandem_org_id() RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT CASE WHEN coalesce(current_setting('tandem.caller', true), '') <> ''
               AND current_setting('tandem.caller', true)
                   = current_setting('tandem.user_id', true) || '/' || current_setting('tandem.org_id', true)
         THEN current_setting('tandem.org_id', true)::uuid END
$$;

CREATE OR REPLACE FUNCTION tandem_has_role(role text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT tandem_org_id() IS NOT NULL
     AND strpos(coalesce(current_setting('tandem.caller_roles', true), ''), ',' || role || ',') > 0
$$;
