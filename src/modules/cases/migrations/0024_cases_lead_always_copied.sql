-- The lead agency on a case table's row was copied from the case on insert and when case_id
-- changed, so an UPDATE that set lead_org_id itself kept the value it was given: a team
-- organisation allowed to update a row (a plan action it is responsible for) could, through an
-- application bug, name itself lead and pass the lead agency's policies. The copy now runs on
-- every update of every case table: lead_org_id is never the writer's to choose.
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT t.tgname, c.relname FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_proc p ON p.oid = t.tgfoid AND p.proname = 'tandem_copy_lead_org'
    WHERE NOT t.tgisinternal
  LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', r.tgname, r.relname);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION tandem_copy_lead_org()', r.tgname, r.relname);
  END LOOP;
END $$;
