-- Rules for every SECURITY DEFINER function (a test reads them back from pg_proc):
--  * its search path is pinned, with pg_temp last, so that no object a caller creates in its
--    temporary schema can stand in for one the function means;
--  * nobody may execute it unless granted (functions are executable by PUBLIC by default).
-- Trigger functions need no grant: a trigger runs its function whoever fires it.
DO $$
DECLARE f record;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure AS sig FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef
  LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp', f.sig);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f.sig);
  END LOOP;
END
$$;
