-- Imports of cases from a CSV file. A run records who imported how many rows into which
-- agency, how far it has come (updated as each batch commits, polled by the page) and the
-- validation report: row number, column and a message we wrote, never a value from the file.
-- The rows themselves are never stored here: each case created is linked to its run and row.

CREATE TABLE case_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  created_by uuid NOT NULL REFERENCES users (id),
  mode text NOT NULL CHECK (mode IN ('all', 'valid_only')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
  total_rows integer NOT NULL CHECK (total_rows >= 0),
  valid_rows integer NOT NULL CHECK (valid_rows BETWEEN 0 AND total_rows),
  imported_rows integer NOT NULL DEFAULT 0 CHECK (imported_rows BETWEEN 0 AND valid_rows),
  errors jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(errors) = 'array'),
  failure text CHECK (length(failure) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Moved at every batch: a running import that stops moving was interrupted (e.g. a restart).
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX case_imports_org_idx ON case_imports (org_id, created_at DESC);

CREATE TABLE case_import_rows (
  import_id uuid NOT NULL REFERENCES case_imports (id) ON DELETE CASCADE,
  row_number integer NOT NULL CHECK (row_number >= 2),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  PRIMARY KEY (import_id, row_number)
);
CREATE INDEX case_import_rows_case_idx ON case_import_rows (case_id);

GRANT SELECT, INSERT, UPDATE ON case_imports TO tandem_app;
GRANT SELECT, INSERT ON case_import_rows TO tandem_app;

ALTER TABLE case_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_imports FORCE ROW LEVEL SECURITY;
ALTER TABLE case_import_rows ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_import_rows FORCE ROW LEVEL SECURITY;

-- The agency's coordinators see and run its imports; nobody else, not even its other staff.
CREATE POLICY case_imports_coordinator ON case_imports FOR ALL TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')))
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('case_coordinator')));
-- A row links a case the agency leads (the case's own policies decide whether it is seen).
CREATE POLICY case_import_rows_select ON case_import_rows FOR SELECT TO tandem_app
  USING (import_id IN (SELECT id FROM case_imports));
CREATE POLICY case_import_rows_insert ON case_import_rows FOR INSERT TO tandem_app
  WITH CHECK (import_id IN (SELECT id FROM case_imports)
    AND case_id IN (SELECT id FROM cases WHERE lead_org_id = (SELECT tandem_org_id())));

-- Exact matches for many probes at once, naming the probe each match answers (an import checks
-- thousands of rows in one query). The same rule as tandem_identity_matches: coordinators only,
-- within their jurisdiction, anonymised cases excluded.
CREATE FUNCTION tandem_identity_probe_matches(p_fields text[], p_indexes text[])
  RETURNS TABLE (field text, blind_index text, case_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT DISTINCT i.field, i.blind_index, i.case_id
    FROM unnest(p_fields, p_indexes) AS p (field, idx)
    JOIN case_identity i ON i.field = p.field AND i.blind_index = p.idx
    JOIN cases c ON c.id = i.case_id AND c.status <> 'anonymised'
    WHERE tandem_has_role('case_coordinator')
      AND c.jurisdiction = (SELECT o.country FROM organisations o WHERE o.id = tandem_org_id())
  $$;
REVOKE EXECUTE ON FUNCTION tandem_identity_probe_matches(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_identity_probe_matches(text[], text[]) TO tandem_app;
