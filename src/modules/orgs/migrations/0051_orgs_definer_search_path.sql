-- Functions that run as their owner, and trigger functions, look for tables in pg_catalog and
-- public only, with pg_temp last.
--
-- Where pg_temp is not named in a function's search path, PostgreSQL searches it FIRST for tables.
-- Any role may create temporary tables, so a session of the application role could create a
-- temporary "memberships" table and have tandem_org_id() and tandem_has_role() — run as their
-- owner, read by every row-level security policy — answer for any organisation and role it
-- chose; or a temporary "agreement_parties" table that the access-list refresh would read as
-- the owner when an agreement changes. The suspension rules of 0050 stand only if the acting
-- organisation cannot be forged, so every such function of the schema gets the fixed path here
-- (planning's already had it, 0032). Functions running as their owner are also no longer
-- executable by PUBLIC: those the application calls keep their grant to tandem_app (or
-- tandem_auth); the others are called by triggers, or by functions running as the owner.
DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
      AND (p.prosecdef OR p.prorettype = 'trigger'::regtype)
      AND NOT coalesce('search_path=pg_catalog, public, pg_temp' = ANY (p.proconfig), false)
  LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp', f);
  END LOOP;
  FOR f IN
    SELECT p.oid::regprocedure FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f' AND p.prosecdef
  LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
  END LOOP;
END
$$;
