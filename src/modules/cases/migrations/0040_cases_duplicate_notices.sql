-- Cross-agency duplicate checks that are no existence oracle.
--
-- Until now tandem_identity_matches() and tandem_identity_probe_matches() gave the application
-- the ids of every matching case of the jurisdiction, those of other agencies included, and the
-- asker was told how many of them it could not see. Whoever could call them learnt whether a
-- named person was a case of another agency. They are dropped:
--   * matches the asker may see are looked up by an ordinary query under row-level security
--     (case_identity's own policies: the lead agency, or a team organisation whose identity
--     section is open), so nothing outside need-to-know comes back;
--   * matches in cases led by another organisation are never returned to anyone. When a case is
--     opened, tandem_raise_duplicate_notices() compares its identity with other agencies' cases
--     and, for each possible match, records a notice for the data protection officers of both
--     organisations to reconcile. It returns nothing, so the asker's answer is the same whether
--     or not another agency holds the person.

DROP FUNCTION tandem_identity_matches(text[], text[]);
DROP FUNCTION tandem_identity_probe_matches(text[], text[]);

-- One row per organisation and possible match: the two rows of a pair share pair_id, and each
-- names only its own organisation's case and the other organisation (by the name it had when the
-- notice was raised, as a hidden organisation is not in the other's directory). Neither row
-- holds the other side's case, so each officer sees only their own case's number.
CREATE TABLE case_duplicate_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pair_id uuid NOT NULL,
  org_id uuid NOT NULL REFERENCES organisations (id),
  -- 'checked': this organisation opened the case whose check raised the notice;
  -- 'held': this organisation's existing case was found.
  side text NOT NULL CHECK (side IN ('checked', 'held')),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  other_org_id uuid NOT NULL REFERENCES organisations (id),
  other_org_name text NOT NULL CHECK (length(other_org_name) <= 300),
  -- Which identity fields matched (legal_name, birth_date, document_number): never their values.
  fields text[] NOT NULL CHECK (fields <@ ARRAY['legal_name', 'birth_date', 'document_number'] AND cardinality(fields) > 0),
  -- Who opened the case that was checked (own organisation's person; the 'checked' side only).
  checked_by uuid REFERENCES users (id),
  raised_at timestamptz NOT NULL DEFAULT now(),
  mailed_at timestamptz,
  reconciled_at timestamptz,
  reconciled_by uuid REFERENCES users (id),
  reconciliation_note text CHECK (length(reconciliation_note) BETWEEN 1 AND 2000),
  UNIQUE (pair_id, side),
  CHECK (org_id <> other_org_id),
  CHECK ((side = 'checked') = (checked_by IS NOT NULL)),
  CHECK ((reconciled_at IS NULL) = (reconciled_by IS NULL) AND (reconciled_at IS NULL) = (reconciliation_note IS NULL))
);
CREATE INDEX case_duplicate_notices_org_idx ON case_duplicate_notices (org_id, raised_at DESC, id);
CREATE INDEX case_duplicate_notices_case_idx ON case_duplicate_notices (case_id);
CREATE INDEX case_duplicate_notices_unmailed_idx ON case_duplicate_notices (id) WHERE mailed_at IS NULL;

ALTER TABLE case_duplicate_notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_duplicate_notices FORCE ROW LEVEL SECURITY;

-- Rows are written only by tandem_raise_duplicate_notices() (no INSERT grant) and are never
-- deleted by requests. An organisation's data protection officers read its own side and mark it
-- reconciled, once, in their own name; nobody else reads any of it — not the coordinator who
-- opened the case.
GRANT SELECT ON case_duplicate_notices TO tandem_app;
GRANT UPDATE (reconciled_at, reconciled_by, reconciliation_note) ON case_duplicate_notices TO tandem_app;
CREATE POLICY case_duplicate_notices_dpo_select ON case_duplicate_notices FOR SELECT TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('dpo')));
CREATE POLICY case_duplicate_notices_dpo_reconcile ON case_duplicate_notices FOR UPDATE TO tandem_app
  USING (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('dpo')) AND reconciled_at IS NULL)
  WITH CHECK (org_id = (SELECT tandem_org_id()) AND (SELECT tandem_has_role('dpo'))
    AND reconciled_at IS NOT NULL AND reconciled_by = (SELECT tandem_user_id()));

-- Compares the identity of cases the acting organisation opened in this very transaction with
-- every case of the jurisdiction led by another organisation, and records a notice pair for each
-- possible match: a legal name or a document number alone, a birth date only beside one of them
-- (the rule of the duplicate check), anonymised cases left out. The probes are the cases' own
-- blind indexes, read here, never values passed in; the caller, its organisation and its role come
-- from the transaction; cases that are not the caller's, or not new, are ignored — so the function
-- can neither be used to search for a person nor to raise notices about old cases. It returns
-- nothing: the caller learns nothing about other agencies' cases, whatever it passes.
CREATE FUNCTION tandem_raise_duplicate_notices(p_cases uuid[]) RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
  AS $$
    WITH asker AS (
      SELECT o.id, o.name, o.country FROM organisations o
      WHERE o.id = tandem_org_id() AND tandem_has_role('case_coordinator')
    ), mine AS (
      SELECT c.id FROM cases c JOIN asker a ON a.id = c.lead_org_id AND a.country = c.jurisdiction
      WHERE c.id = ANY (p_cases) AND c.created_at = now() AND c.status <> 'anonymised'
    ), hits AS (
      -- Candidates by name or document number only: a birth date is shared by many people (and
      -- 1 January by very many), so it never drives the search, it is only noted beside a match.
      -- OFFSET 0 keeps a case's own identity rows looked up by case, never by field alone.
      SELECT m.id AS asker_case, h.id AS holder_case, h.lead_org_id AS holder_org, array_agg(DISTINCT p.field) AS fields
      FROM mine m
      CROSS JOIN LATERAL (SELECT i.field, i.blind_index FROM case_identity i WHERE i.case_id = m.id OFFSET 0) p
      JOIN case_identity q ON q.field = p.field AND q.blind_index = p.blind_index AND q.case_id <> m.id
      JOIN cases h ON h.id = q.case_id AND h.status <> 'anonymised'
      JOIN asker a ON h.jurisdiction = a.country AND h.lead_org_id <> a.id
      WHERE p.field IN ('legal_name', 'document_number') AND p.blind_index IS NOT NULL
      GROUP BY m.id, h.id, h.lead_org_id
    ), pairs AS MATERIALIZED (
      SELECT gen_random_uuid() AS pair_id, x.asker_case, x.holder_case, x.holder_org, o.name AS holder_name,
        ARRAY(SELECT f FROM unnest(x.fields || CASE WHEN EXISTS (
          SELECT 1 FROM (SELECT i.field, i.blind_index FROM case_identity i WHERE i.case_id = x.asker_case OFFSET 0) b
          JOIN (SELECT i.field, i.blind_index FROM case_identity i WHERE i.case_id = x.holder_case OFFSET 0) d
            ON d.field = b.field AND d.blind_index = b.blind_index
          WHERE b.field = 'birth_date') THEN ARRAY['birth_date'] ELSE ARRAY[]::text[] END) AS u (f) ORDER BY f) AS fields
      FROM hits x JOIN organisations o ON o.id = x.holder_org
      WHERE NOT EXISTS (
        SELECT 1 FROM case_duplicate_notices k JOIN case_duplicate_notices l ON l.pair_id = k.pair_id AND l.side = 'held'
        WHERE k.side = 'checked' AND k.case_id = x.asker_case AND l.case_id = x.holder_case)
    )
    INSERT INTO case_duplicate_notices (pair_id, org_id, side, case_id, other_org_id, other_org_name, fields, checked_by)
    SELECT p.pair_id, a.id, 'checked', p.asker_case, p.holder_org, p.holder_name, p.fields, tandem_user_id() FROM pairs p CROSS JOIN asker a
    UNION ALL
    SELECT p.pair_id, p.holder_org, 'held', p.holder_case, a.id, a.name, p.fields, NULL FROM pairs p CROSS JOIN asker a
  $$;
REVOKE EXECUTE ON FUNCTION tandem_raise_duplicate_notices(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_raise_duplicate_notices(uuid[]) TO tandem_app;

-- Duplicate checks made by each person today, counted in the database so that the daily limit
-- holds across restarts and across several servers. One row per person: the day it counts and
-- how many checks so far; a new day starts the count again. A person reads and moves only their own.
CREATE TABLE case_duplicate_check_counts (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  day date NOT NULL,
  checks integer NOT NULL CHECK (checks >= 0)
);
ALTER TABLE case_duplicate_check_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_duplicate_check_counts FORCE ROW LEVEL SECURITY;
GRANT SELECT, INSERT (user_id, day, checks), UPDATE (day, checks) ON case_duplicate_check_counts TO tandem_app;
CREATE POLICY case_duplicate_check_counts_own ON case_duplicate_check_counts FOR ALL TO tandem_app
  USING (user_id = (SELECT tandem_user_id()))
  WITH CHECK (user_id = (SELECT tandem_user_id()));
