-- Lookups that must reach past need-to-know, and so give back as little as possible.

-- Possible duplicates among every case of the acting organisation's jurisdiction: only which
-- case ids match on which fields. The caller shows details of those it may see, and counts the rest.
CREATE FUNCTION tandem_identity_matches(p_fields text[], p_indexes text[])
  RETURNS TABLE (case_id uuid, field text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT i.case_id, i.field
    FROM unnest(p_fields, p_indexes) AS p (field, idx)
    JOIN case_identity i ON i.field = p.field AND i.blind_index = p.idx
    JOIN cases c ON c.id = i.case_id AND c.status <> 'anonymised'
    WHERE tandem_has_role('case_coordinator')
      AND c.jurisdiction = (SELECT o.country FROM organisations o WHERE o.id = tandem_org_id())
  $$;

-- A relative named on a case the actor sees in its household section: the pseudonymous facts
-- (case number, alias, age band, sex), and whether the actor may open that case too.
CREATE FUNCTION tandem_household_member(p_case uuid)
  RETURNS TABLE (case_number text, alias text, age_band text, sex text, visible boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
  AS $$
    SELECT c.case_number, c.alias, c.age_band, c.sex,
      (c.lead_org_id = tandem_org_id() OR cardinality(tandem_case_sections(c.id)) > 0)
    FROM cases c
    WHERE c.id = p_case
      AND EXISTS (SELECT 1 FROM household_links l WHERE l.related_case_id = p_case
        AND 'household' = ANY (tandem_case_sections(l.case_id)))
  $$;

REVOKE EXECUTE ON FUNCTION tandem_identity_matches(text[], text[]), tandem_household_member(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tandem_identity_matches(text[], text[]), tandem_household_member(uuid) TO tandem_app;
