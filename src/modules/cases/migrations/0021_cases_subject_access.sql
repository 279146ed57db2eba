-- Subject access: a person's right to everything held on them. The lead agency's data protection
-- officer and its case coordinators may export a whole case, including what need-to-know hides
-- from them day to day (another organisation's unshared psychosocial notes, security notes,
-- break-glass uses). The export service checks the policy, writes the audit event with the
-- reason, and only then names the case in the transaction-local setting tandem.subject_access;
-- these policies open that one case, for that one transaction, to those roles of the lead agency
-- only. Any other request never sets it, so nothing changes for ordinary reading.

CREATE FUNCTION tandem_subject_access_case() RETURNS uuid
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
  DECLARE
    v text := current_setting('tandem.subject_access', true);
    v_case uuid;
  BEGIN
    IF v IS NULL OR v !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
      RETURN NULL;
    END IF;
    SELECT c.id INTO v_case FROM cases c
    WHERE c.id = v::uuid AND c.lead_org_id = tandem_org_id() AND c.status <> 'anonymised'
      AND (tandem_has_role('dpo') OR tandem_has_role('case_coordinator'));
    RETURN v_case;
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_subject_access_case() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_subject_access_case() TO tandem_app;

-- Adds the read policy to one case table (a later migration adding a case table calls it too).
CREATE FUNCTION tandem_add_subject_access_policy(p_table text) RETURNS void
  LANGUAGE plpgsql
  AS $$
  BEGIN
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO tandem_app USING (case_id = (SELECT tandem_subject_access_case()))',
      p_table || '_subject_access', p_table);
  END
  $$;
REVOKE EXECUTE ON FUNCTION tandem_add_subject_access_policy(text) FROM PUBLIC;

CREATE POLICY cases_subject_access ON cases FOR SELECT TO tandem_app
  USING (id = (SELECT tandem_subject_access_case()));

-- Every table holding rows of a case (by its case_id column) that the application may read:
-- those of this module and of any module whose migrations came before this one. The access
-- list itself is never readable.
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT k.relname FROM pg_class k
    JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = k.oid AND a.attname = 'case_id' AND NOT a.attisdropped
    WHERE k.relkind = 'r' AND k.relname <> 'case_access' AND has_table_privilege('tandem_app', k.oid, 'SELECT')
    ORDER BY k.relname
  LOOP
    PERFORM tandem_add_subject_access_policy(t);
  END LOOP;
END
$$;

-- The export is written on the case's timeline, also when the data protection officer (who has
-- no case role) runs it.
CREATE POLICY case_events_subject_access_insert ON case_events FOR INSERT TO tandem_app
  WITH CHECK (case_id = (SELECT tandem_subject_access_case()) AND kind = 'case.subject_access_exported');
